import Console
import Foundation
import JobStore
import Testing

@Suite("View snapshots")
struct ViewSnapshotTests {
    static let sizes = [(80, 24), (160, 48)]

    static func scenarios(width: Int, height: Int) -> [(String, ConsoleState)] {
        var help = Fixtures.runsState(width: width, height: height)
        _ = help.reduce(.key(.character("?")))
        var dialog = Fixtures.runsState(width: width, height: height)
        dialog.moveSelection(to: .run(Fixtures.runs[2].id))
        _ = dialog.reduce(.key(.character("r")))
        var filtered = Fixtures.runsState(width: width, height: height)
        _ = filtered.reduce(.key(.character("/")))
        for character in "email" { _ = filtered.reduce(.key(.character(character))) }
        var command = Fixtures.runsState(width: width, height: height)
        _ = command.reduce(.key(.character(":")))
        _ = command.reduce(.key(.character("r")))
        _ = command.reduce(.key(.tab))
        var paused = Fixtures.state(width: width, height: height)
        _ = paused.reduce(.key(.character("p")))
        var payload = Fixtures.runState(width: width, height: height)
        _ = payload.reduce(.key(.tab))
        _ = payload.reduce(.key(.character("j")))
        _ = payload.reduce(.key(.character("j")))
        _ = payload.reduce(.key(.enter))
        var logs = Fixtures.runState(width: width, height: height)
        _ = logs.reduce(.key(.character("l")))
        var attempts = Fixtures.runState(width: width, height: height)
        for _ in 0..<4 { _ = attempts.reduce(.key(.tab)) }
        var readOnly = Fixtures.runsState(width: width, height: height, readOnly: true)
        _ = readOnly.reduce(.key(.character("F")))
        return [
            ("queues", Fixtures.state(width: width, height: height)),
            ("queues-paused", paused),
            ("runs", Fixtures.runsState(width: width, height: height)),
            ("runs-filter", filtered),
            ("runs-readonly-failed", readOnly),
            ("runs-command", command),
            ("runs-help", help),
            ("runs-confirm-retry", dialog),
            ("run-timeline", Fixtures.runState(width: width, height: height)),
            ("run-payload-folded", payload),
            ("run-attempts", attempts),
            ("run-logs", logs),
        ]
    }

    /// Key screens whose style roles are checked cell by cell too (at 80×24): the list, a run, a dialog.
    static let styled: Set<String> = ["runs", "run-timeline", "runs-confirm-retry"]

    @Test("every view matches its snapshot; key screens match their style roles too", arguments: sizes)
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
