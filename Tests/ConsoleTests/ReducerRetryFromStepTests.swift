import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: retry from a timeline step")
struct ReducerRetryFromStepTests {
    /// The failed run's timeline lines, by what `R` finds on them (see ``Fixtures/failedDetail``).
    static let timeline: [String?] = [
        nil, nil, nil, "verify-payment", "provision-customer-resources", nil, nil, nil, nil,
        "provision-customer-resources", "await-confirmation", nil, nil, "reserve-stock", "charge-card",
    ]

    /// The failed run's view with the timeline cursor moved to line `line`.
    static func onLine(_ line: Int, width: Int = 80, height: Int = 24, readOnly: Bool = false) -> ConsoleState {
        var state = Fixtures.runViewState(width: width, height: height, readOnly: readOnly)
        state.press("g")
        for _ in 0..<line { state.press("j") }
        return state
    }

    @Test("j/k, PgUp/PgDn, g/G move a cursor over the timeline's lines, drawn selected and kept in view")
    func cursorMoves() throws {
        var state = Fixtures.runViewState()
        #expect(state.runView.tab == .timeline)
        #expect(state.timelineStepAtCursor == nil, "it starts on the first bar under the header: time queued")
        var seen: [String?] = [state.timelineStepAtCursor]
        for _ in 2..<Self.timeline.count {
            state.press("j")
            seen.append(state.timelineStepAtCursor)
        }
        #expect(seen == Array(Self.timeline.dropFirst()))
        state.press("j")
        #expect(state.runView.cursor[.timeline] == Self.timeline.count - 1, "j stops at the last line")
        let rows = state.layout.runSectionRows
        #expect(state.runView.scroll[.timeline] == Self.timeline.count - rows, "the last line is in view")
        let selected = try #require(state.screen.split(separator: "\n").first { $0.contains("✘ charge-card") })
        #expect(selected.hasPrefix("▌"), "the cursor line is drawn selected: \(selected)")
        state.press("g")
        #expect(state.runView.cursor[.timeline] == 0)
        #expect(state.runView.scroll[.timeline] == 0)
        state.press("k")
        #expect(state.runView.cursor[.timeline] == 0)
        state.press(.pageDown)
        #expect(state.runView.cursor[.timeline] == rows - 1)
        state.press(.pageUp)
        #expect(state.runView.cursor[.timeline] == 0)
        state.press("G")
        #expect(state.timelineStepAtCursor == "charge-card")
        state.press("k")
        #expect(state.timelineStepAtCursor == "reserve-stock")
        // A search moves the cursor to the line it finds.
        state.press("g")
        state.press("/")
        state.type("await")
        state.press(.enter)
        #expect(state.timelineStepAtCursor == "await-confirmation")
    }

    @Test("R on a step of a failed run asks, listing the steps the engine's rule discards and the kept count")
    func dialogListsDiscardedSteps() throws {
        let detail = Fixtures.failedDetail
        for line in Self.timeline.indices {
            guard let step = Self.timeline[line], step != "await-confirmation" else { continue }
            var state = Self.onLine(line)
            #expect(state.press("R").isEmpty)
            let dialog = try #require(state.dialog, "R on \(step)")
            let change = try detail.run.retrying(fresh: false, fromStep: step, steps: detail.steps, now: Fixtures.now)
            guard case .named(let discarded) = change.forgottenSteps else {
                Issue.record("a retry from \(step) names its steps")
                continue
            }
            #expect(dialog.title == "Retry \(detail.run.id) from step \(step)?")
            #expect(dialog.focus == .dismiss, "Cancel is the default")
            #expect(dialog.details.count == discarded.count)
            for (name, line) in zip(discarded, dialog.details) {
                #expect(line.plainText.contains(" \(name) "), "\(line.plainText) names \(name)")
            }
            let kept = detail.steps.count - discarded.count
            let keeps =
                switch kept {
                case 0: "no completed step is kept"
                case 1: "the 1 completed step before it is kept"
                default: "the \(kept) completed steps before it are kept"
                }
            #expect(dialog.message.hasSuffix("; \(keeps)."), "R on \(step): \(dialog.message)")
        }
        var state = Self.onLine(14)
        state.press("R")
        let dialog = try #require(state.dialog)
        #expect(
            dialog.message
                == "\(detail.run.id) (provisionAfterPayment) failed (failures 2/5). It will be queued again on "
                + "'payments' and run from charge-card. That step is discarded and runs again; the 4 completed "
                + "steps before it are kept.")
        #expect(dialog.details.map(\.plainText) == ["  ✘ charge-card  failed, attempt 4"])
        var earlier = Self.onLine(9)
        earlier.press("R")
        #expect(
            earlier.dialog?.details.map(\.plainText) == [
                "  ✔ provision-customer-resources  completed, attempt 3",
                "  ✔ await-confirmation  completed, attempt 3", "  ✔ reserve-stock  completed, attempt 4",
                "  ✘ charge-card  failed, attempt 4",
            ])
        #expect(
            earlier.dialog?.message.hasSuffix(
                "These 4 steps are discarded and run again; the 1 completed step before it is kept.") == true)
    }

    @Test("confirming hands over the retry from the step; Enter on Cancel does nothing; the outcome is reported")
    func confirmEmitsTheWrite() throws {
        let id = Fixtures.failedDetail.run.id
        var state = Self.onLine(14)
        state.press("R")
        #expect(state.press(.enter).isEmpty, "Enter presses Cancel")
        #expect(state.dialog == nil)
        state.press("R")
        state.press(.tab)
        let write = ConsoleWrite.retryFromStep(id, step: "charge-card")
        #expect(state.press(.enter) == [.write(write)])
        #expect(state.flash?.message == "Retrying \(id) from step charge-card…")
        var retried = Fixtures.failedDetail.run
        retried.status = .queued
        _ = state.reduce(.actionFinished(.retried(retried)))
        #expect(state.flash?.message.hasPrefix("Retried \(id): ") == true)
        _ = state.reduce(.actionFinished(.failed(write, message: "run \(id) has no step named charge-card")))
        #expect(
            state.flash?.message
                == "Retry of \(id) from step charge-card failed: run \(id) has no step named charge-card")
    }

    @Test("R on a line that is no step, or on a wait, says so and asks nothing")
    func nonStepLines() {
        for line in [0, 1, 2, 5, 11, 12] {
            var state = Self.onLine(line)
            #expect(state.press("R").isEmpty)
            #expect(state.dialog == nil, "line \(line)")
            #expect(
                state.flash?.message == "The cursor is not on a step: move it to a step's line (j/k), then press R",
                "line \(line)")
        }
        var wait = Self.onLine(10)
        wait.press("R")
        #expect(wait.dialog == nil)
        #expect(wait.flash?.message.hasPrefix("await-confirmation is a wait, not a step that runs code") == true)
    }

    @Test("R on a failure only the timeline remembers, of a step with no record, says the store would refuse it")
    func unrecordedStep() {
        var detail = Fixtures.failedDetail
        detail.steps.removeAll { $0.name == "provision-customer-resources" }
        var state = Fixtures.runViewState(detail)
        state.press("g")
        for _ in 0..<4 { state.press("j") }
        #expect(state.timelineStepAtCursor == "provision-customer-resources")
        #expect(state.press("R").isEmpty)
        #expect(state.dialog == nil)
        #expect(
            state.flash?.message
                == "Cannot retry from provision-customer-resources: run \(detail.run.id) has no step named "
                + "provision-customer-resources (its steps: verify-payment, await-confirmation, reserve-stock, "
                + "charge-card)")
    }

    @Test("R on a run that is not failed or canceled says why, and the hint bar does not offer it")
    func activeRun() {
        for (detail, status) in [(Fixtures.runningDetail, "running"), (Fixtures.detail, "waiting")] {
            var state = Fixtures.runViewState(detail, width: 160, height: 48)
            state.press("G")
            #expect(state.timelineStepAtCursor != nil || status == "waiting")
            #expect(!state.hintBar.contains("R retry from step"), "\(status)")
            #expect(state.press("R").isEmpty)
            #expect(state.dialog == nil)
            #expect(state.flash?.message == "Only a failed or canceled run can be retried; this one is \(status)")
        }
    }

    @Test("R outside the Timeline section is not offered, and pressed says how to use it")
    func otherSection() {
        var state = Fixtures.runViewState(width: 160, height: 48)
        #expect(state.hintBar.contains("R retry from step"))
        state.press(.tab)
        #expect(state.runView.tab == .payload)
        #expect(!state.hintBar.contains("R retry from step"))
        #expect(state.press("R").isEmpty)
        #expect(state.dialog == nil)
        #expect(
            state.flash?.message
                == "R retries from a step of the Timeline section: Tab to it, put the cursor on a step, press R")
        var help = Fixtures.runViewState(width: 160, height: 48)
        help.press("?")
        #expect(help.screen.contains("Retry the run from the step at the cursor"))
    }

    @Test("read-only refuses R, and neither the hint bar nor help offers it")
    func readOnly() {
        var state = Self.onLine(14, width: 160, height: 48, readOnly: true)
        #expect(!state.hintBar.contains("R retry from step"))
        #expect(state.press("R").isEmpty)
        #expect(state.dialog == nil)
        #expect(
            state.flash?.message
                == "read-only: R (retry the run from the step at the cursor) is disabled (opened with --read-only)")
        state.press("?")
        #expect(!state.screen.contains("Retry the run from the step at the cursor"))
    }
}
