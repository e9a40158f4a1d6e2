import Foundation
import JobStore
import SQLiteJobStore
import Testing

/// The practice incident's two dead ends, fixed from the console in a real terminal: the orphaned lock that
/// stops every search-index rebuild, and the provider outage that failed a group of provisioning runs.
@Suite("The incident, fixed from the console", .temporaryFolders, .timeLimit(.minutes(5)))
struct IncidentEndToEndTests {
    /// `demo/incident.yaml`, faster and with a short outage, so the test sees the outage end.
    static func scenario(in folder: URL) throws -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("demo/incident.yaml")
        var text = try String(contentsOf: source, encoding: .utf8)
        for (from, to) in [("speed: 10", "speed: 30"), ("lasts: 20m", "lasts: 3m")] {
            #expect(text.contains(from), "demo/incident.yaml no longer says \(from)")
            text = text.replacingOccurrences(of: from, with: to)
        }
        let path = folder.appendingPathComponent("incident.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Polls the store until `condition` holds, at most `timeout`.
    static func waitForStore(
        _ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out after \(timeout) waiting for \(what)")
        throw CancellationError()
    }

    @Test("release the orphaned lock: the next rebuild completes; retry the outage's cause: its runs complete")
    func fixBothDeadEnds() async throws {
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("incident.sqlite").path
        let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let started = Date()
        let session = try await TmuxSession.start(
            [binary, "demo", "--scenario", try Self.scenario(in: folder), "--db", path], width: 160, height: 48)
        defer { session.kill() }
        try await session.waitFor("emails")
        let store = try SQLiteJobStore(path: path)

        // The lock: State view, locks pane, u, confirm.
        try await session.send("6")
        try await session.waitFor("search-index:rebuild")
        try await session.send("Tab")
        try await session.send("u")
        try await session.waitFor("Release lock search-index:rebuild?")
        try await session.send("Tab")
        let released = Date()
        try await session.send("Enter")
        try await session.waitFor("Released lock search-index:rebuild")
        try await session.send("3")
        try await session.send("/")
        try await session.type("rebuild")
        try await session.send("Enter")
        let rebuilt = try await session.waitUntil("a completed rebuild", timeout: .seconds(40)) { screen in
            screen.split(separator: "\n").contains { $0.contains("rebuildSearchIndex") && $0.contains("✔ completed") }
        }
        #expect(rebuilt.contains("rebuildSearchIndex"))
        try await Self.waitForStore("a rebuild finished after the release") {
            try await store.listRuns(RunQuery(statuses: [.completed], job: "rebuildSearchIndex", limit: 50))
                .contains { ($0.finishedAt ?? .distantPast) > released }
        }

        // The outage: once a provisioning run started after it completes, retry the cause from Failures.
        let outageOver = started.addingTimeInterval(6)
        try await Self.waitForStore("the provider to answer again") {
            try await store.listRuns(RunQuery(statuses: [.completed], job: "provisionAfterPayment", limit: 200))
                .contains { $0.createdAt > outageOver }
        }
        let groups = try await store.failureGroups(
            FailureGroupQuery(since: started.addingTimeInterval(-60), now: Date()))
        let outage = try #require(
            groups.first { $0.job == "provisionAfterPayment" && $0.signature.contains("Bad Gateway") },
            "\(groups.map(\.signature))")
        let match = FailureMatch(signature: outage.signature, since: started.addingTimeInterval(-86_400))
        let failed = try await store.listRuns(RunQuery(statuses: [.failed], failure: match, limit: 1000)).map(\.id)
        try #require(!failed.isEmpty, "the outage failed no run for good")

        try await session.send("Escape")
        // Filter before looking: which cause is listed first (and so selected) depends on how many failures
        // each has had by now, and a row's text is cut to its column.
        try await session.send("9")
        try await session.waitFor("CAUSE (job")
        try await session.send("/")
        try await session.type("Bad Gateway")
        try await session.send("Enter")
        try await session.waitUntil("the outage's cause selected") { screen in
            screen.split(separator: "\n").contains { $0.contains("Cause:") && $0.contains("Bad Gateway") }
        }
        try await session.send("r")
        try await session.waitFor(all: "Retry \(failed.count) run", "failed or canceled run")
        try await session.send("Tab")
        try await session.send("Enter")
        try await session.waitFor("Retried \(failed.count) run")
        try await Self.waitForStore("the \(failed.count) retried runs to complete") {
            var done = 0
            for id in failed {
                if try await store.runDetail(RunDetailParams(runId: id, logLimit: 0))?.run.status == .completed {
                    done += 1
                }
            }
            return done == failed.count
        }
        let trail = try await store.listAudit(AuditQuery(limit: 1000))
        #expect(trail.filter { $0.action == "retry" && $0.channel == "console" }.count == failed.count)
        #expect(trail.contains { $0.action == "release-lock" && $0.target == "search-index:rebuild" })

        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }
}
