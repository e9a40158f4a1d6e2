import Console
import Foundation
import JobStore
import Testing

@Suite("Operations view snapshots")
struct OperationsSnapshotTests {
    static let sizes = [(80, 24), (160, 48)]

    static func scenarios(width: Int, height: Int) -> [(String, ConsoleState)] {
        func on(_ view: ConsoleView, readOnly: Bool = false) -> ConsoleState {
            Fixtures.operationsState(view, width: width, height: height, readOnly: readOnly)
        }
        var waitsLower = on(.waits)
        for _ in 0..<2 { _ = waitsLower.reduce(.key(.character("j"))) }
        var why = on(.waits)
        why.moveSelection(to: .wait(Fixtures.waits[0].id))
        _ = why.reduce(.key(.character("w")))
        _ = why.reduce(.diagnosed(Fixtures.waitingDiagnosis))
        var whyLock = Fixtures.runsState(width: width, height: height)
        whyLock.moveSelection(to: .run(Fixtures.runs[4].id))
        _ = whyLock.reduce(.key(.character("w")))
        _ = whyLock.reduce(.diagnosed(Fixtures.lockDiagnosis))
        var send = on(.waits)
        _ = send.reduce(.key(.character("s")))
        var invalid = on(.waits)
        _ = invalid.reduce(.key(.character("s")))
        _ = invalid.reduce(.key(.control("u")))
        for character in #"{"paymentId": "pay_123" "amount": 4200}"# { _ = invalid.reduce(.key(.character(character))) }
        _ = invalid.reduce(.key(.enter))
        var diff = on(.state)
        for _ in 0..<2 { _ = diff.reduce(.key(.character("j"))) }
        let request = StateEditRequest(
            key: "imports:42:progress", version: 7, originalJSON: Fixtures.stateEntries[2].valueJSON,
            text: "", expiresAt: nil)
        _ = diff.reduce(
            .editorFinished(
                request, .saved(#"{"done": 1250, "total": 5200, "phase": "contacts", "errors": [], "note": "resized"}"#)
            ))
        var conflict = diff
        _ = conflict.reduce(.key(.tab))
        let write = StateWrite(
            key: "imports:42:progress",
            valueJSON: #"{"done":1250,"total":5200,"phase":"contacts","errors":[],"note":"resized"}"#,
            expectedVersion: 7, expiresAt: nil, purpose: .edit)
        _ = conflict.reduce(.key(.enter))
        _ = conflict.reduce(
            .actionFinished(
                .stateConflict(
                    write,
                    current: StateEntry(
                        key: "imports:42:progress",
                        valueJSON: #"{"done":1300,"total":5000,"phase":"contacts","errors":[]}"#,
                        version: 8, updatedAt: Fixtures.now))))
        var ttl = on(.state)
        for _ in 0..<4 { _ = ttl.reduce(.key(.character("j"))) }
        _ = ttl.reduce(.key(.character("T")))
        for character in "10m" { _ = ttl.reduce(.key(.character(character))) }
        var delete = on(.state)
        _ = delete.reduce(.key(.character("d")))
        var prefix = on(.state)
        _ = prefix.reduce(.key(.character("/")))
        for character in "imports:" { _ = prefix.reduce(.key(.character(character))) }
        var pause = Fixtures.state(width: width, height: height)
        _ = pause.reduce(.key(.character("P")))
        var bulk = Fixtures.runsState(width: width, height: height)
        _ = bulk.reduce(.key(.character("F")))
        _ = bulk.reduce(.key(.control("t")))
        _ = bulk.reduce(.bulkPrepared(.retry, [Fixtures.runs[2].id, Fixtures.runs[10].id], truncated: false))
        var failuresRetry = on(.failures)
        _ = failuresRetry.reduce(.key(.character("r")))
        _ = failuresRetry.reduce(.bulkPrepared(.retry, (1...12).map { "run_outage\($0)" }, truncated: false))
        var failureRuns = on(.failures)
        _ = failureRuns.reduce(.key(.enter))
        _ = failureRuns.reduce(
            .runsLoaded(
                Array(Fixtures.runs.filter { $0.status == .failed }.prefix(3)), query: failureRuns.currentRunsQuery,
                at: Fixtures.now))
        var helpReadOnly = on(.state, readOnly: true)
        _ = helpReadOnly.reduce(.key(.character("?")))
        // R on the second provision-customer-resources bar (attempt 3): four steps go, one is kept.
        // Tab gives the locks pane the focus: the one cursor on screen is its, not the values list's.
        var locks = on(.state)
        _ = locks.reduce(.key(.tab))
        var retryFromStep = Fixtures.runViewState(width: width, height: height)
        for _ in 0..<8 { _ = retryFromStep.reduce(.key(.character("j"))) }
        _ = retryFromStep.reduce(.key(.character("R")))
        return [
            ("waits", on(.waits)),
            ("waits-lower", waitsLower),
            ("events", on(.events)),
            ("state", on(.state)),
            ("state-prefix", prefix),
            ("state-locks", locks),
            ("schedules", on(.schedules)),
            ("workers", on(.workers)),
            ("failures", on(.failures)),
            ("failures-retry", failuresRetry),
            ("failure-runs", failureRuns),
            ("audit", on(.audit)),
            ("why-waiting", why),
            ("why-lock", whyLock),
            ("send-event", send),
            ("send-event-invalid", invalid),
            ("state-edit-diff", diff),
            ("state-conflict", conflict),
            ("state-ttl", ttl),
            ("state-delete", delete),
            ("queue-pause", pause),
            ("runs-bulk-retry", bulk),
            ("state-help-readonly", helpReadOnly),
            ("run-retry-from-step", retryFromStep),
        ]
    }

    /// Key screens whose style roles are checked cell by cell too (at 80×24): the why panel and a form.
    static let styled: Set<String> = ["why-waiting", "send-event"]

    @Test("every operations view and dialog matches its snapshot; key screens their style roles too", arguments: sizes)
    func snapshots(width: Int, height: Int) {
        for (name, state) in Self.scenarios(width: width, height: height) {
            let frame = ConsoleRenderer.render(state)
            if width == 80 && Self.styled.contains(name) {
                Snapshot.assertMatchesWithStyles(frame, named: "\(name)-\(width)x\(height)")
            } else {
                Snapshot.assertMatches(frame, named: "\(name)-\(width)x\(height)")
            }
        }
    }
}
