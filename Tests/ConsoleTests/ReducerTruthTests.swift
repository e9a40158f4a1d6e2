import Console
import Foundation
import JobStore
import Testing

/// What the screen says is what the store holds: one count of tries everywhere, columns that say what they
/// hold, a filter that finds what a row shows, and an id that does not exist said at once.
@Suite("Reducer: the console tells the truth")
struct ReducerTruthTests {
    /// The screen line showing `id`'s row (the list shows each id's last characters).
    static func row(of id: RunID, in screen: String) -> String? {
        screen.split(separator: "\n").first { $0.contains(id.suffix(6)) }.map(String.init)
    }

    @Test("the runs list's TRY, the run view's try and the Attempts tab's TRY column agree")
    func oneCountOfTries() throws {
        var state = Fixtures.runState(width: 160, height: 48)
        let run = Fixtures.detail.run
        let tries = TimelineText.tries(run)
        #expect(state.screen.contains("try \(tries)"), "the run view's headline")
        while state.runView.tab != .attempts { state.press(.tab) }
        let screen = state.screen
        #expect(screen.contains("TRY"))
        let perAttempt = TimelineText.tries(of: Fixtures.detail.attempts, maxAttempts: run.maxAttempts)
        #expect(perAttempt == ["1/5", "2/5", "3/5"], "failed, then crashed, each used a try; the wait did not")
        #expect(perAttempt.last == tries, "the last attempt is on the run's try")
        for (attempt, text) in zip(Fixtures.detail.attempts, perAttempt) {
            let line = try #require(
                screen.split(separator: "\n").first {
                    $0.contains(attempt.workerId) && $0.contains(attempt.outcome.rawValue)
                })
            #expect(line.contains(text), "attempt \(attempt.number): \(line)")
        }
        let list = Fixtures.runsState(width: 160, height: 48)
        let row = try #require(Self.row(of: run.id, in: list.screen))
        #expect(row.contains(tries), "the list's TRY: \(row)")
    }

    @Test("a resumed wait is a new attempt on the same try: the Attempts tab says so")
    func resumedWaitKeepsTheTry() {
        let attempts = [
            AttemptRecord(runId: "run_a", number: 1, workerId: "w", startedAt: Fixtures.now, outcome: .suspended),
            AttemptRecord(runId: "run_a", number: 2, workerId: "w", startedAt: Fixtures.now, outcome: .failed),
            AttemptRecord(runId: "run_a", number: 3, workerId: "w", startedAt: Fixtures.now, outcome: .interrupted),
            AttemptRecord(runId: "run_a", number: 4, workerId: "w", startedAt: Fixtures.now, outcome: .completed),
        ]
        #expect(TimelineText.tries(of: attempts, maxAttempts: 3) == ["1/3", "1/3", "2/3", "2/3"])
    }

    @Test("AGE is since creation for every run; TOOK is how long a finished run took, or a running one so far")
    func ageAndTookAreTwoColumns() throws {
        let state = Fixtures.runsState(width: 160, height: 48)
        let screen = state.screen
        let header = try #require(screen.split(separator: "\n").first { $0.contains("RUN") && $0.contains("JOB") })
        #expect(header.contains("AGE") && header.contains("TOOK"), "\(header)")
        let completed = try #require(Fixtures.runs.first { $0.status == .completed && $0.finishedAt != nil })
        let finished = try #require(completed.finishedAt)
        let line = try #require(Self.row(of: completed.id, in: screen))
        let age = Format.duration(Fixtures.now.timeIntervalSince(completed.createdAt))
        let took = Format.duration(finished.timeIntervalSince(completed.startedAt ?? completed.createdAt))
        #expect(age != took, "the fixture tells the two apart")
        #expect(line.contains(age) && line.contains(took), "\(line)")
        let queued = try #require(Fixtures.runs.first { $0.status == .queued && $0.startedAt == nil })
        let queuedLine = try #require(Self.row(of: queued.id, in: screen))
        #expect(queuedLine.contains(Format.duration(Fixtures.now.timeIntervalSince(queued.createdAt))))
    }

    @Test("CREATED is the time for today's runs and month-day and minute for older ones, never cut")
    func createdColumn() throws {
        var state = Fixtures.runsState(width: 160, height: 48)
        var old = Fixtures.runs[5]
        old.id = "run_00000000000000olderrun"
        old.createdAt = Fixtures.ago(3 * 86_400)
        _ = state.reduce(.runsLoaded(Fixtures.runs + [old], query: state.currentRunsQuery, at: Fixtures.now))
        let screen = state.screen
        let oldLine = try #require(Self.row(of: old.id, in: screen))
        #expect(oldLine.contains(Format.tableMoment(old.createdAt, now: Fixtures.now, utcOffset: 0)), "\(oldLine)")
        #expect(Format.tableMoment(old.createdAt, now: Fixtures.now, utcOffset: 0) == "03-11 12:00")
        let today = try #require(Self.row(of: Fixtures.runs[0].id, in: screen))
        #expect(today.hasSuffix(Format.clock(Fixtures.runs[0].createdAt, utcOffset: 0)))
    }

    @Test("the filter finds a run by any text its row shows: queue, status, step, awaited event, error type")
    func filterFindsWhatIsShown() {
        let cases: [(String, (RunRecord) -> Bool)] = [
            ("payments", { $0.queue == "payments" }),
            ("ProviderError", { $0.error?.type == "ProviderError" }),
            ("render-template", { $0.currentStep == "render-template" }),
            ("waiting", { $0.status == .waiting }),
        ]
        for (text, expected) in cases {
            var state = Fixtures.runsState()
            state.press("/")
            state.type(text)
            let wanted = Set(Fixtures.runs.filter(expected).map(\.id))
            #expect(!wanted.isEmpty, "the fixture has a run for \(text)")
            #expect(Set(state.visibleRuns.map(\.id)) == wanted, "filter \(text)")
        }
    }

    @Test(":run with text that is no run id says so at once; an unknown id says the run is not there")
    func unknownRunIds() {
        var state = Fixtures.runsState()
        state.press(":")
        state.type("run foo")
        #expect(state.press(.enter).isEmpty)
        #expect(state.flash?.message.contains("is not a run id") == true)
        #expect(state.currentView == .runs(queue: nil))

        state.press(":")
        state.type("run run_0000nosuchrun")
        #expect(state.press(.enter) == [.loadRunDetail("run_0000nosuchrun")])
        #expect(state.screen.contains("Loading run_0000nosuchrun"))
        _ = state.reduce(.runDetailLoaded(nil, runId: "run_0000nosuchrun", at: Fixtures.now))
        #expect(state.screen.contains("No run run_0000nosuchrun in this database"))
        #expect(state.flash?.message == "No run run_0000nosuchrun in this database")
    }

    @Test("after a new filter the cursor is on the first match, unless the run it was on still matches")
    func filterMovesToFirstMatch() throws {
        let payments = Fixtures.runs.filter { $0.queue == "payments" }
        try #require(payments.count >= 2)
        var kept = Fixtures.runsState()
        kept.moveSelection(to: .run(payments[1].id))
        kept.press("/")
        kept.type("payments")
        #expect(kept.selectedRunId == payments[1].id, "the run still matches: the cursor stays on it")

        var moved = Fixtures.runsState()
        let other = try #require(Fixtures.runs.dropFirst(3).first { $0.queue != "payments" })
        moved.moveSelection(to: .run(other.id))
        moved.press("/")
        moved.type("payments")
        #expect(moved.selectedRunId == payments.first?.id, "the first match, not the row at the old row number")
        moved.press(.enter)
        // Whatever is asked next names the run under the cursor.
        moved.press("C")
        let question = try #require(moved.dialog)
        #expect(question.message.contains(String(payments[0].id.suffix(6))) || question.title.contains(payments[0].id))
    }

    @Test("a queue paused or a value set elsewhere reloads the view that shows it at the next poll, and only it")
    func countersReloadTheirView() {
        var queues = Fixtures.state()
        #expect(queues.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9))).isEmpty, "the first read")
        #expect(queues.reduce(.countersArrived(ChangeCounters(queues: 4, state: 12))).isEmpty, "state: not shown")
        #expect(
            queues.reduce(.countersArrived(ChangeCounters(queues: 5, state: 12)))
                == [.loadQueues(finishedSince: Fixtures.ago(3600)), .loadActivity(queues.queueActivityQuery)])
        #expect(queues.reduce(.countersArrived(ChangeCounters(queues: 5, state: 12))).isEmpty, "nothing moved")

        var state = Fixtures.operationsState(.state)
        _ = state.reduce(.countersArrived(ChangeCounters(queues: 1, state: 1)))
        #expect(state.reduce(.countersArrived(ChangeCounters(queues: 2, state: 1))).isEmpty, "queues: not shown")
        let reload = state.reduce(.countersArrived(ChangeCounters(queues: 2, state: 2)))
        #expect(!reload.isEmpty && reload.allSatisfy(\.isRead), "the state view loads again: \(reload)")
    }

    @Test("/ shows the kept filter selected: typing starts a new filter, ⌫ clears it, → keeps it to edit")
    func recalledFilterIsSelected() {
        var state = Fixtures.runsState()
        state.press("/")
        state.type("emails")
        state.press(.enter)
        #expect(state.filterText == "emails")
        var replaced = state
        replaced.press("/")
        replaced.type("pay")
        #expect(replaced.effectiveFilter == "pay", "typing replaced the kept filter, not appended to it")
        var cleared = state
        cleared.press("/")
        cleared.press(.backspace)
        #expect(cleared.effectiveFilter.isEmpty)
        var edited = state
        edited.press("/")
        edited.press(.right)
        edited.type("!")
        #expect(edited.effectiveFilter == "emails!", "an arrow key keeps the text to edit")
    }

    @Test("Esc in the run view clears a kept search first, as it clears a filter, then goes back")
    func escClearsTheSearchFirst() {
        var state = Fixtures.runState()
        let view = state.currentView
        state.press(.character("l"))
        state.press("/")
        state.type("workspace")
        state.press(.enter)
        #expect(!state.runView.search.text.isEmpty)
        #expect(state.press(.escape).isEmpty)
        #expect(state.runView.search.text.isEmpty && state.currentView == view, "the search went, the view stayed")
        state.press(.escape)
        #expect(state.currentView != view)
    }
}
