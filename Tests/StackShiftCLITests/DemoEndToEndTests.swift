import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

@Suite("stackshift demo in a real terminal", .temporaryFolders, .timeLimit(.minutes(5)))
struct DemoEndToEndTests {
    @Test("the demo starts, its screen changes live, and q quits cleanly with status 0")
    func demoRunsLiveAndQuits() async throws {
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("demo.sqlite").path
        let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let session = try await TmuxSession.start([binary, "demo", "--db", path, "--seed", "7", "--speed", "20"])
        defer { session.kill() }

        try await session.waitFor("emails")
        try await session.send("3")
        let first = try await session.waitFor("sendVerificationEmail")
        // Live: the header's change number (not its clock, which ticks by itself) rises without a key pressed.
        let start = try #require(Self.changeNumber(first), "no change number in the header:\n\(first)")
        var latest = start
        let deadline = ContinuousClock.now + .testPatience
        while latest <= start, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            latest = Self.changeNumber(try await session.capture()) ?? latest
        }
        #expect(
            latest > start, "the change number stayed at #\(start) for \(Duration.testPatience): the demo is not live")

        try await session.send("q")
        try await session.waitFor("EXIT:0")
        let store = try SQLiteJobStore(path: path)
        let runs = try await store.listRuns(RunQuery(limit: 1000))
        #expect(
            Set(runs.map(\.job)).isSuperset(of: ["sendVerificationEmail", "provisionAfterPayment", "processUpload"]))
    }

    /// The change number the header shows (`● change #1,234`).
    static func changeNumber(_ screen: String) -> Int? {
        guard let header = screen.split(separator: "\n").first, let mark = header.range(of: "● change #") else {
            return nil
        }
        return Int(header[mark.upperBound...].prefix { $0.isNumber || $0 == "," }.filter(\.isNumber))
    }

    @Test("demo --tour opens the incident with the tour panel, and its first step ticks off when done")
    func tour() async throws {
        let path = try temporaryDirectory().appendingPathComponent("tour.sqlite").path
        let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let session = try await TmuxSession.start(
            [binary, "demo", "--tour", "--db", path, "--seed", "7"], width: 160, height: 48)
        defer { session.kill() }
        try await session.waitFor("Tour · step 1 of 9")
        try await session.waitFor("▶ Open a run")
        try await session.send("3")
        try await session.waitForSelectedRow(containing: "run_")
        try await session.send("Enter")
        try await session.waitFor(all: "✔ Open a run", "▶ Read its timeline", "Tour · step 2 of 9")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    @Test("demo --headless fills a database the other commands can read")
    func headless() async throws {
        let path = try temporaryDirectory().appendingPathComponent("demo.sqlite").path
        let output = try await CLIProcess.run([
            "demo", "--headless", "--duration", "3s", "--db", path, "--seed", "3", "--speed", "30",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("open it: stackshift console --db \(path)"))
        let list = try await CLIProcess.run(["runs", "list", "--db", path, "--limit", "500", "--json"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("provisionAfterPayment"))
    }

    @Test("a bad --duration or a missing scenario is one clear line")
    func badArguments() async throws {
        let duration = try await CLIProcess.run(["demo", "--headless", "--duration", "soon"])
        #expect(duration.status != 0)
        #expect(
            duration.stderr
                == "stackshift: --duration soon is not a duration: write a number and a unit, like 500ms, 30s, 5m, "
                + "2h or 7d, from 1ms to 36500d\n")
        let scenario = try await CLIProcess.run(["demo", "--scenario", "demo/nope.yaml"])
        #expect(scenario.status != 0)
        #expect(scenario.stderr.contains("no scenario file demo/nope.yaml"))
    }
}
