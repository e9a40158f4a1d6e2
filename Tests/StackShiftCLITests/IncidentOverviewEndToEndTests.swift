import Foundation
import Testing

/// The practice incident as a new on-call engineer first sees it: the console opens on the overview, and its
/// attention list names every one of the five planted faults within 30 seconds, without a key pressed.
@Suite("The incident on the overview", .temporaryFolders, .timeLimit(.minutes(5)))
struct IncidentOverviewEndToEndTests {
    /// Each planted fault, as the attention list names it: the kind's label and a text of its line.
    static let faults: [(fault: String, label: String, text: String)] = [
        ("paused queue", "⏸ PAUSED", "queue emails is paused"),
        ("webhook sent with the wrong key", "≈ NEAR MISS", "for payment.confirmed key"),
        ("provider outage", "✘ FAILING", "provision-customer-resources · ProviderE"),
        ("worker killed mid-import", "✘ FAILING", "LeaseExpired: worker ip-"),
        ("lock held by the crashed rebuild", "✘ LOCK", "lock search-index:rebuild is orphaned"),
    ]

    @Test("demo/incident.yaml as shipped: the overview lists all five planted faults within 30 s of starting")
    func listsEveryPlantedFault() async throws {
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("incident.sqlite").path
        let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("demo/incident.yaml").path
        let started = ContinuousClock.now
        let session = try await TmuxSession.start(
            [binary, "demo", "--scenario", scenario, "--db", path], width: 160, height: 48)
        defer { session.kill() }
        let screen = try await session.waitUntil("the five planted faults on the overview", timeout: .seconds(30)) {
            screen in
            let lines = screen.split(separator: "\n")
            return Self.faults.allSatisfy { fault in
                lines.contains { $0.contains(fault.label) && $0.contains(fault.text) }
            }
        }
        let elapsed = started.duration(to: .now)
        #expect(elapsed < .seconds(30), "took \(elapsed)")
        #expect(screen.contains("1 Overview"), "the console opens on the overview")
        #expect(screen.contains("Needs attention"))
        // The chart and the queues panel show the same system: the paused queue, its runs piling up.
        let queueLine = screen.split(separator: "\n").first { $0.contains("emails") && $0.contains("⏸ paused") }
        #expect(queueLine != nil, "\(screen)")
        #expect(screen.contains("█ completed"), "\(screen)")

        // Enter on the paused queue's problem opens the Queues view on it, where P resumes it. The list re-ranks
        // as problems come and go, so each step reads where the cursor and the paused queue are now, presses one
        // key towards it and waits for the cursor itself to move (the clock changes the screen every second).
        var current = try await session.capture()
        for _ in 0..<24 {
            let rows = Self.attentionRows(current)
            guard let cursor = rows.firstIndex(where: { $0.contains("▌") }),
                let paused = rows.firstIndex(where: { $0.contains("⏸ PAUSED") })
            else {
                Issue.record("no cursor or paused queue in the attention list:\n\(current)")
                return
            }
            if cursor == paused { break }
            try await session.send(paused > cursor ? "j" : "k")
            current = try await session.waitUntil("the cursor to move from row \(cursor)") { screen in
                Self.attentionRows(screen).firstIndex { $0.contains("▌") } != cursor
            }
        }
        try await session.send("Enter")
        try await session.waitUntil("the Queues view with emails selected") { screen in
            screen.contains("2 Queues") && screen.split(separator: "\n").contains { $0.contains("▌⏸ emails") }
        }
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    /// The attention list's rows on a screen, in order: the lines carrying a kind's label.
    static func attentionRows(_ screen: String) -> [Substring] {
        let labels = ["✘ FAILING", "✘ LOCK", "✘ LEASE", "⏸ PAUSED", "≈ NEAR MISS", "◷ BEHIND", "○ SILENT", "◷ WAIT"]
        return screen.split(separator: "\n").filter { line in labels.contains { line.contains($0) } }
    }
}
