import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

/// Stored data is hostile: a job, step, queue, event, key, error, log line, state key or lock owner may carry
/// terminal escape sequences or shell syntax. The CLI shows every one of them inert (escaped), keeps `--json`
/// exact, and quotes every command it suggests so pasting it runs exactly what it says.
@Suite("stackshift with hostile stored data", .temporaryFolders, .timeLimit(.minutes(3)))
struct HostileOutputTests {
    /// ESC-based OSC (retitle the window), a BEL, a C1 CSI, a clipboard write, a screen clear.
    static let escape = "\u{1B}]0;owned\u{07}"
    static let csi = "\u{9B}2J"
    static let clipboard = "\u{1B}]52;c;cm0gLXJmIH4=\u{07}"
    static let job = "import\(escape)"
    static let queue = "q\(csi)"
    static let step = "wait\(clipboard)"
    static let event = "x; touch PWNED #"
    static let key = "$(touch PWNED2)\u{1B}[2J`touch PWNED3`'"
    static let error = "boom\(escape)\nstackshift: fake line"
    static let stateKey = "k\u{1B}[31m; rm -rf ~"
    static let owner = "owner\u{07}\u{1B}[1A"

    struct Payload: Codable, Sendable { var id: String }

    /// A database whose every stored field carries escapes: one run waits for a hostile event, one failed with a
    /// hostile error, and a hostile state value and lock exist.
    static func hostileDatabase() async throws -> (path: String, waiting: RunID, failed: RunID) {
        let path = try temporaryDirectory().appendingPathComponent("hostile.sqlite").path
        let stackshift = StackShift(store: try SQLiteJobStore(path: path))
        stackshift.job(job, options: JobOptions(retryPolicy: .never)) { (ctx: JobContext<Payload>) in
            ctx.log.info("log line \(escape) for \(ctx.payload.id)")
            if ctx.payload.id == "fail" { throw JobError(error) }
            let _: String? = try await ctx.step.waitForEvent(step, event: event, key: key)
        }
        let waiting = try await stackshift.start(job, payload: Payload(id: "wait"), options: .init(queue: queue)).id
        let failed = try await stackshift.start(job, payload: Payload(id: "fail"), options: .init(queue: queue)).id
        let worker = Task {
            try await stackshift.runWorker(queues: [queue], options: WorkerOptions(pollInterval: .milliseconds(10)))
        }
        #expect(try await stackshift.waitForRun(failed, timeout: .testPatience).status == .failed)
        let deadline = Date().addingTimeInterval(30)
        while try await stackshift.run(waiting)?.run.status != .waiting {
            try #require(Date() < deadline, "run \(waiting) did not reach waiting within 30 s")
            try await Task.sleep(for: .milliseconds(20))
        }
        await stackshift.shutdown()
        try await worker.value
        try await stackshift.operations.setState(
            stateKey, valueJSON: #""\u001b]0;value\u0007""#, by: .application)
        let store = try SQLiteJobStore(path: path)
        _ = try await store.acquireLock(
            AcquireLockParams(key: stateKey, owner: owner, expiresAt: Date().addingTimeInterval(600), now: Date()))
        return (path, waiting, failed)
    }

    @Test("no command prints a raw control character from stored data")
    func everyListingIsInert() async throws {
        let db = try await Self.hostileDatabase()
        let commands: [[String]] = [
            ["runs", "list"], ["runs", "show", db.waiting], ["runs", "show", db.failed], ["runs", "why", db.waiting],
            ["runs", "why", db.failed], ["events", "list"], ["state", "list"], ["state", "locks"], ["queues", "list"],
            ["workers", "list"], ["runs", "list", "--search", "boom"], ["audit", "list"],
        ]
        for command in commands {
            let output = try await CLIProcess.run(command + ["--db", db.path])
            #expect(output.status == 0, "\(command): \(output.stderr)")
            for (stream, text) in [("stdout", output.stdout), ("stderr", output.stderr)] {
                let raw = text.unicodeScalars.filter {
                    $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value)
                }
                #expect(raw.isEmpty, "\(command) \(stream) holds raw control characters \(raw.map(\.value))")
                #expect(!text.contains("\nstackshift: fake line"), "\(command) \(stream): a stored line break")
            }
        }
        let show = try await CLIProcess.run(["runs", "show", db.failed, "--db", db.path])
        #expect(show.stdout.contains(#"boom\u{1B}]0;owned\u{7}\u{A}stackshift: fake line"#), "\(show.stdout)")
    }

    @Test("--json keeps every hostile string exact")
    func jsonIsExact() async throws {
        let db = try await Self.hostileDatabase()
        let show = try await CLIProcess.run(["runs", "show", db.failed, "--db", db.path, "--json"])
        let detail = try JSONDecoder.iso.decode(RunDetail.self, from: Data(show.stdout.utf8))
        #expect(detail.run.job == Self.job && detail.run.queue == Self.queue)
        #expect(detail.run.error?.message == Self.error)
        #expect(detail.logs.contains { $0.message.contains(Self.escape) })
        let why = try await CLIProcess.run(["runs", "why", db.waiting, "--db", db.path, "--json"])
        let diagnosis = try JSONDecoder.iso.decode(RunDiagnosis.self, from: Data(why.stdout.utf8))
        #expect(diagnosis.fix?.command == ["events", "send", Self.event, "--key", Self.key, "--payload", "<JSON>"])
        let locks = try await CLIProcess.run(["state", "locks", "--db", db.path, "--json"])
        let decoded = try JSONDecoder.iso.decode([LockRecord].self, from: Data(locks.stdout.utf8))
        #expect(decoded.map(\.owner) == [Self.owner])
    }

    @Test("the fix runs why suggests is quoted: pasted into a shell, it sends exactly that event and nothing else")
    func suggestedCommandIsQuoted() async throws {
        let db = try await Self.hostileDatabase()
        let why = try await CLIProcess.run(["runs", "why", db.waiting, "--db", db.path])
        let fixLine = try #require(why.stdout.split(separator: "\n").first { $0.hasPrefix("fix: ") })
        let prefix = "fix: send the event: "
        #expect(fixLine.hasPrefix(prefix) && fixLine.hasSuffix(" (in the console: s)"), "\(fixLine)")
        let command = String(fixLine.dropFirst(prefix.count).dropLast(" (in the console: s)".count))
        #expect(command.hasPrefix("stackshift events send --db \(db.path) "), "\(command)")
        #expect(command.hasSuffix(" --payload '<JSON>'"), "\(command)")
        // As the user would: paste it into bash (POSIX.1-2024 `$'…'` quotes; dash does not have them yet), fill in
        // the payload, run it in a folder of their own.
        let folder = try temporaryDirectory()
        let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let script =
            "cd \"$1\" && " + "\"$0\""
            + command.dropFirst("stackshift".count).replacingOccurrences(
                of: "'<JSON>'", with: #"'"paid"'"#)
        let sent = try await CLIProcess.shell(script, arguments: [binary, folder.path], shell: "/bin/bash")
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "the shell ran a command")
        let store = try SQLiteJobStore(path: db.path)
        let events = try await store.listEvents(EventQuery(limit: 10, now: Date()))
        #expect(events.map(\.name) == [Self.event] && events.map(\.key) == [Self.key])
        #expect(try await store.runDetail(RunDetailParams(runId: db.waiting))?.run.status == .queued)
    }

    @Test("wide (CJK) text lines up in tables by terminal columns, not by characters")
    func wideTextAligns() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        for key in ["注文の確認", "order", "ｶﾀｶﾅ"] {
            let set = try await CLIProcess.run(["state", "set", key, "1", "--db", db.path])
            #expect(set.status == 0, "\(set.stderr)")
        }
        let list = try await CLIProcess.run(["state", "list", "--db", db.path])
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(list.stdout)")
        // The VERSION column's right edge, in terminal columns: the same on every line.
        let edges = lines.map { line in
            let head = line.prefix { $0 != "1" && $0 != "N" }
            return head.unicodeScalars.reduce(0) { $0 + (Self.isWide($1) ? 2 : 1) }
        }
        #expect(Set(edges).count == 1, "\(list.stdout)")
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        (0x3000...0x9FFF).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
    }
}
