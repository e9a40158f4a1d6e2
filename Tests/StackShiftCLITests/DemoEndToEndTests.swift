import Foundation
import JobStore
import SQLiteJobStore
import Testing

@Suite("stackshift demo in a real terminal")
struct DemoEndToEndTests {
    @Test("the demo starts, its screen changes live, and q quits cleanly with status 0")
    func demoRunsLiveAndQuits() async throws {
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("demo.sqlite").path
        let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let session = try TmuxSession.start([binary, "demo", "--db", path, "--seed", "7", "--speed", "20"])
        defer { session.kill() }

        let first = try await session.waitFor("emails")
        try session.send("2")
        try await session.waitFor("sendVerificationEmail")
        // Live: the screen keeps changing without a key being pressed.
        let before = try session.capture()
        var changed = false
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try session.capture() != before {
                changed = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(changed, "the demo screen did not change live; it showed:\n\(first)")

        try session.send("q")
        try await session.waitFor("EXIT:0")
        let store = try SQLiteJobStore(path: path)
        let runs = try await store.listRuns(RunQuery(limit: 1000))
        #expect(
            Set(runs.map(\.job)).isSuperset(of: ["sendVerificationEmail", "provisionAfterPayment", "processUpload"]))
    }

    @Test("demo --headless fills a database the other commands can read")
    func headless() async throws {
        let path = try temporaryDirectory().appendingPathComponent("demo.sqlite").path
        let output = try CLIProcess.run([
            "demo", "--headless", "--duration", "3s", "--db", path, "--seed", "3", "--speed", "30",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("open it: stackshift console --db \(path)"))
        let list = try CLIProcess.run(["runs", "list", "--db", path, "--limit", "500", "--json"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("provisionAfterPayment"))
    }

    @Test("a bad --duration or a missing scenario is one clear line")
    func badArguments() throws {
        let duration = try CLIProcess.run(["demo", "--headless", "--duration", "soon"])
        #expect(duration.status != 0)
        #expect(
            duration.stderr
                == "stackshift: --duration soon is not a duration: write a number and a unit, like 500ms, 30s, 5m, "
                + "2h or 7d, from 1ms to 36500d\n")
        let scenario = try CLIProcess.run(["demo", "--scenario", "demo/nope.yaml"])
        #expect(scenario.status != 0)
        #expect(scenario.stderr.contains("no scenario file demo/nope.yaml"))
    }
}
