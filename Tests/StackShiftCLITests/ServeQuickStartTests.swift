import DurableJobs
import Foundation
import JobStore
import SQLiteJobStore
import Testing

/// README's `stackshift serve` quick start, run as it stands with the real binary, curl and openssl.
@Suite("README: serve quick start", .temporaryFolders, .timeLimit(.minutes(3)))
struct ServeQuickStartTests {
    /// The shell block between README's serve-quickstart markers.
    static func quickStart() throws -> String {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "<!-- serve-quickstart -->\n```sh\n"),
            let end = text.range(of: "```\n<!-- /serve-quickstart -->", range: start.upperBound..<text.endIndex)
        else { throw QuickStartMissing() }
        return String(text[start.upperBound..<end.lowerBound])
    }

    struct QuickStartMissing: Error, CustomStringConvertible {
        var description: String { "README.md has no serve-quickstart block" }
    }

    @Test("the quick start starts a run, delivers a signed webhook as an event, and shuts the server down")
    func runsVerbatim() async throws {
        let block = try Self.quickStart()
        let directory = try temporaryDirectory()
        // Only where it runs and which stackshift is first on PATH are set; the block itself is as printed.
        let output = try await CLIProcess.shell(
            "cd \"$0\" && PATH=\"$1:$PATH\" && set -eu && \(block)",
            arguments: [directory.path, CLIProcess.productsDirectory().path], shell: "/bin/bash")
        #expect(output.status == 0, "stdout: \(output.stdout)\nstderr: \(output.stderr)")
        #expect(output.stdout.contains(#""deduplicated":false"#), "\(output.stdout)")
        #expect(output.stdout.contains(#""key":"pay_123""#), "\(output.stdout)")

        let store = try SQLiteJobStore(path: directory.appendingPathComponent("jobs.sqlite").path)
        let operations = StackShift(store: store).operations
        let events = try await operations.events(name: "payment.confirmed")
        #expect(events.map(\.key) == ["pay_123"], "the webhook became the event, keyed at the pointer")
        let runs = try await operations.runs(RunQuery())
        #expect(runs.map(\.job) == ["checkout"])
        let audit = try await operations.auditTrail()
        #expect(audit.contains { $0.action == "start-run" && $0.actor == "key:checkout" && $0.channel == "http" })
        #expect(audit.contains { $0.action == "send-event" && $0.actor == "webhook:stripe" })
        #expect(audit.contains { $0.action == "create-key" && $0.target == "checkout" })
        try await store.close()
    }
}
