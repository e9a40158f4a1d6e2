import Foundation
import JobStore
import SQLiteJobStore
import Testing

/// `stackshift console --read-only` and `--theme`, in a real terminal.
@Suite("stackshift console options in a real terminal", .temporaryFolders, .timeLimit(.minutes(5)))
struct ConsoleOptionsEndToEndTests {
    static let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path

    @Test("--read-only says so in the header, refuses r on a failed run, and writes nothing")
    func readOnly() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let session = try await TmuxSession.start([Self.binary, "console", "--read-only", "--db", db.path])
        defer { session.kill() }
        let queues = try await session.waitFor("billing")
        #expect(queues.split(separator: "\n").first?.contains("read-only") == true, "\(queues)")
        try await session.send("3")
        try await session.waitFor("JobError: card declined")
        try await session.type("/charge")
        try await session.send("Enter")
        try await session.waitFor(all: "1 run · filter \"charge\"", "card declined")
        try await session.send("r")
        try await session.waitFor("read-only: r (retry the run) is disabled (opened with --read-only)")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
        let store = try SQLiteJobStore(path: db.path)
        #expect(try await store.runDetail(RunDetailParams(runId: db.failed))?.run.status == .failed)
    }

    @Test("--theme starts on that theme: t then moves to the one after it")
    func theme() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let themes = CommandCoverageTests.themes
        let session = try await TmuxSession.start([
            Self.binary, "console", "--theme", "light", "--themes-dir", themes, "--db", db.path,
        ])
        defer { session.kill() }
        try await session.waitFor("theme light")
        try await session.send("t")
        // The shipped order is default, light, high-contrast: from light, t goes to high-contrast. The header
        // names the theme for as long as it is on; the "Theme: …" flash lasts 4 s, which a loaded machine's
        // capture can miss (CI did, with the header already showing the new theme).
        try await session.waitFor("theme high-contrast")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }
}
