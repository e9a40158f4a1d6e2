import Foundation
import Testing

/// The console in a real terminal while its database file is broken, removed or put back, and while the
/// terminal changes size: the screen must tell the truth each time.
@Suite("stackshift console under faults, in a real terminal", .temporaryFolders, .timeLimit(.minutes(5)))
struct ConsoleFaultEndToEndTests {
    /// Starts the console on a prepared database and waits until it shows its data, live.
    static func openConsole(width: Int = 160, height: Int = 48) async throws -> (TmuxSession, path: String) {
        let db = try await RunsCommandTests.preparedDatabase()
        let session = try await TmuxSession.start(
            [CLIProcess.productsDirectory().appendingPathComponent("stackshift").path, "console", "--db", db.path],
            width: width, height: height)
        do {
            try await session.waitFor("billing")
            try await session.waitUntil("the live indicator") { Self.header($0).contains("●") }
            return (session, db.path)
        } catch {
            // The caller's `defer` is not set up yet: end the terminal here, or it outlives the test.
            session.kill()
            throw error
        }
    }

    /// The first line of the screen.
    static func header(_ screen: String) -> String {
        String(screen.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    @Test("a database file overwritten under the console shows in the header, and the console recovers when it is back")
    func corruptedThenRestored() async throws {
        let (session, path) = try await Self.openConsole()
        defer { session.kill() }
        let file = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? file.close() }
        let original = try #require(try file.read(upToCount: 4096))

        try file.seek(toOffset: 0)
        try file.write(contentsOf: Data(repeating: 0xA5, count: original.count))
        let broken = try await session.waitUntil("the header to show the broken file") {
            Self.header($0).contains("✘ the database file") && Self.header($0).contains("overwritten or truncated")
        }
        #expect(!Self.header(broken).contains("●"), "the live indicator stops")
        #expect(broken.contains("✘ the database file \(path) is no longer a SQLite database"), "said in full below")

        try file.seek(toOffset: 0)
        try file.write(contentsOf: original)
        let recovered = try await session.waitUntil("the header to show the console live again") {
            Self.header($0).contains("●") && !Self.header($0).contains("✘")
        }
        #expect(recovered.contains("billing"))
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    @Test("a database file deleted under the console shows in the header, and a retry then writes nothing")
    func deleted() async throws {
        let (session, path) = try await Self.openConsole(width: 200, height: 30)
        defer { session.kill() }
        try await session.send("3")
        try await session.waitFor("card declined")
        try await session.send("/")
        try await session.type("charge")
        try await session.send("Enter")
        try await session.waitFor("filter \"charge\"")

        try FileManager.default.removeItem(atPath: path)
        let screen = try await session.waitUntil("the header to say the file was deleted") {
            Self.header($0).contains("✘ the database file \(path) was deleted")
        }
        #expect(!Self.header(screen).contains("●"))
        // A write now would go to the deleted file and be lost: it is refused, and the console says so.
        try await session.send("r")
        try await session.waitFor("Retry run?")
        try await session.send("Tab")
        try await session.send("Enter")
        try await session.waitFor("nothing was written")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    @Test("160×48 → 200×3 → 120×20: after each resize only text of the new size is on screen")
    func resizeLeavesNoFragments() async throws {
        let (session, _) = try await Self.openConsole()
        defer { session.kill() }
        // The queues table: its columns are the fragments a resize could leave.
        try await session.send("2")
        try await session.waitFor("QUEUED")
        try await session.resize(width: 200, height: 3)
        let short = try await session.waitUntil("a three-row screen with the queue summary") { screen in
            screen.split(separator: "\n").count == 3 && screen.contains("2 queues")
        }
        for fragment in ["QUEUED", "RUNNING", "FAIL/1h", "billing  "] {
            #expect(!short.contains(fragment), "\(fragment) of the 48-row screen is left:\n\(short)")
        }

        try await session.resize(width: 120, height: 20)
        // The whole redrawn screen, not its first part: the capture can land while the new size is being drawn.
        let medium = try await session.waitUntil("the queues table at 120×20 with its status and hint lines") {
            screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return screen.contains("QUEUED") && lines.count >= 20 && lines[19].contains("? help")
        }
        let lines = medium.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 20)
        #expect(lines.firstIndex { $0.contains("2 queues") } == 18, "one status line, at its new row")
        #expect(lines[19].contains("? help"))
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }
}
