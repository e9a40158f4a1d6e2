import Foundation
import JobStore
import SQLiteJobStore
import Testing

/// The CLI reads JSON and durations with the same functions as the console and the demo files, so the
/// verdicts, positions and ranges are the same everywhere, and hostile numbers never reach arithmetic.
@Suite("stackshift: shared JSON validation and duration parsing", .temporaryFolders, .timeLimit(.minutes(3)))
struct SharedParsingTests {
    /// The bad payload `ReducerSendEventTests.invalidJSONRefused` types into the console's send-event form,
    /// where the form says `line 1, column 13: expected a quoted key after ',', found ','`.
    static let badJSON = #"{"ok": true,, "n": 1}"#

    @Test("events send and state set refuse bad JSON with the console's verdict and position, writing nothing")
    func jsonVerdictMatchesConsole() async throws {
        let db = try await EventsStateCommandTests.databaseWithWait()
        let verdict = try #require(JSONValidator.check(Self.badJSON))
        #expect(verdict.description == "line 1, column 13: expected a quoted key after ',', found ','")
        let send = try await CLIProcess.run([
            "events", "send", "payment.confirmed", "--key", "pay_123", "--payload", Self.badJSON, "--db", db.path,
        ])
        let set = try await CLIProcess.run(["state", "set", "k", Self.badJSON, "--db", db.path])
        for (output, what) in [(send, "the payload"), (set, "the value")] {
            #expect(output.status != 0)
            #expect(output.stderr == "stackshift: \(what) is not valid JSON: \(verdict)\n")
        }
        let store = try SQLiteJobStore(path: db.path)
        #expect(try await store.listEvents(EventQuery(now: Date())).isEmpty)
        #expect(try await store.getState(GetStateParams(key: "k", now: Date())) == nil)
    }

    @Test(
        "hostile durations are one line naming the option and its range, and write nothing",
        arguments: [
            (["state", "set", "k", "1", "--ttl", "nan"], "--ttl nan is not a duration"),
            (
                ["state", "set", "k", "1", "--ttl", "99999999999999999999d"],
                "--ttl 99999999999999999999d is out of range"
            ),
            (["state", "set", "k", "1", "--ttl=-5s"], "--ttl -5s is out of range"),
            (["state", "set", "k", "1", "--ttl", "0"], "--ttl 0 is out of range"),
            (["state", "set", "k", "1", "--ttl", "1e-300"], "--ttl 1e-300 is not a duration"),
            (["events", "send", "e", "--key", "k", "--retention", "inf"], "--retention inf is not a duration"),
            (["events", "send", "e", "--key", "k", "--retention", "1e300"], "--retention 1e300 is not a duration"),
        ] as [([String], String)])
    func hostileDurations(arguments: [String], message: String) async throws {
        let db = try await EventsStateCommandTests.databaseWithWait()
        let output = try await CLIProcess.run(arguments + ["--db", db.path])
        #expect(output.status != 0)
        #expect(output.stderr.hasPrefix("stackshift: \(message)"), "\(output.stderr)")
        #expect(output.stderr.hasSuffix("from 1ms to 36500d\n"))
        #expect(output.stderr.split(separator: "\n").count == 1)
        let store = try SQLiteJobStore(path: db.path)
        #expect(try await store.getState(GetStateParams(key: "k", now: Date())) == nil)
        #expect(try await store.listEvents(EventQuery(now: Date())).isEmpty)
    }

    @Test("durations with units work on the command line: --ttl 2h, --ttl 90 (seconds), --retention 7d")
    func durationsAccepted() async throws {
        let db = try await EventsStateCommandTests.databaseWithWait()
        let before = Date()
        #expect(try await CLIProcess.run(["state", "set", "a", "1", "--ttl", "2h", "--db", db.path]).status == 0)
        #expect(try await CLIProcess.run(["state", "set", "b", "1", "--ttl", "90", "--db", db.path]).status == 0)
        let sent = try await CLIProcess.run(["events", "send", "e", "--key", "k", "--retention", "7d", "--db", db.path])
        #expect(sent.status == 0, "\(sent.stderr)")
        let store = try SQLiteJobStore(path: db.path)
        let a = try #require(try await store.getState(GetStateParams(key: "a", now: Date()))?.expiresAt)
        let b = try #require(try await store.getState(GetStateParams(key: "b", now: Date()))?.expiresAt)
        #expect(abs(a.timeIntervalSince(before) - 7200) < 60 && abs(b.timeIntervalSince(before) - 90) < 60)
        let event = try #require(try await store.listEvents(EventQuery(now: Date())).first)
        #expect(abs(event.expiresAt.timeIntervalSince(before) - 7 * 86_400) < 60)
    }

    @Test("demo --duration and --speed refuse hostile numbers in one line")
    func demoNumbers() async throws {
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("demo.sqlite").path
        let duration = try await CLIProcess.run(["demo", "--headless", "--duration", "1e308s", "--db", path])
        #expect(duration.status != 0)
        #expect(duration.stderr.hasPrefix("stackshift: --duration 1e308s is not a duration"))
        #expect(!FileManager.default.fileExists(atPath: path), "the duration is checked before the database is opened")
        let speed = try await CLIProcess.run([
            "demo", "--headless", "--duration", "1s", "--speed", "1e-300", "--db", path,
        ])
        #expect(speed.status != 0)
        #expect(speed.stderr == "stackshift: --speed 1e-300 is out of range: the speed must be from 0.01 to 10000\n")
    }
}
