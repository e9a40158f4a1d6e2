import Foundation
import Testing

/// After a headless demo, the command line and the console show real ages and nothing in the future: the
/// demo's speed shortens its waits, not its clock. On the old demo clock every run was created up to `speed`
/// times further from the start than real time had gone, so `runs list` said AGE 0ms for every run.
@Suite("The demo stores real times", .temporaryFolders, .timeLimit(.minutes(5)))
struct DemoRealTimeEndToEndTests {
    @Test("after demo --headless --duration 10s, runs list and the console show real ages, none in the future")
    func realAgesAfterAHeadlessDemo() async throws {
        let path = try temporaryDirectory().appendingPathComponent("demo.sqlite").path
        // JSON times have whole seconds: compare from the second the demo started in.
        let before = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let demo = try await CLIProcess.run(["demo", "--headless", "--duration", "10s", "--db", path])
        #expect(demo.status == 0, "\(demo.stderr)")

        let json = try await CLIProcess.run(["runs", "list", "--db", path, "--limit", "500", "--json"])
        let now = Date()
        #expect(json.status == 0, "\(json.stderr)")
        let runs = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]], "\(json.stdout)")
        #expect(runs.count > 10, "a 10 s demo starts dozens of runs: \(runs.count)")
        let dates = ISO8601DateFormatter()
        var created: [Date] = []
        for run in runs {
            let id = run["id"] as? String ?? "?"
            let status = run["status"] as? String ?? "?"
            // A scheduled run's start, a waiting run's timeout and a canceled upload's start are rightly ahead.
            let runAtMayBeAhead = ["scheduled", "waiting"].contains(status) || run["startedAt"] == nil
            for field in ["createdAt", "updatedAt", "startedAt", "finishedAt"] + (runAtMayBeAhead ? [] : ["runAt"]) {
                guard let text = run[field] as? String else { continue }
                let date = try #require(dates.date(from: text), "run \(id) \(field) \(text) is not an ISO 8601 time")
                #expect(date < now, "run \(id) \(field) is \(text), not before now (\(now)): in the future")
                #expect(date >= before, "run \(id) \(field) is \(text), before the demo started (\(before))")
                if field == "createdAt" { created.append(date) }
            }
        }
        // The oldest runs were started at the beginning of the 10 s: seconds old, not `0ms`.
        let oldest = try #require(created.min())
        #expect(now.timeIntervalSince(oldest) >= 5, "the oldest run is \(now.timeIntervalSince(oldest)) s old")

        let table = try await CLIProcess.run(["runs", "list", "--db", path, "--limit", "500"])
        #expect(table.status == 0, "\(table.stderr)")
        let ages = Self.tableAges(table.stdout)
        #expect(ages.count == runs.count, "an AGE for every row of:\n\(table.stdout)")
        // A time in the future shows as `0ms` (an age is never negative); every run is older than that.
        #expect(!ages.contains("0ms"), "\(table.stdout)")

        try await checkConsole(path: path)
    }

    /// The AGE of each row of `runs list`: the cell after the TRY cell (`1/5`).
    static func tableAges(_ table: String) -> [String] {
        table.split(separator: "\n").dropFirst().compactMap { row in
            let cells = row.split(separator: " ", omittingEmptySubsequences: true)
            guard let tryIndex = cells.firstIndex(where: { $0.wholeMatch(of: /\d+\/\d+/) != nil }),
                tryIndex + 1 < cells.count
            else { return nil }
            return String(cells[tryIndex + 1])
        }
    }

    /// `stackshift console` on the database: the Runs view's ages are real, and no run was created after the
    /// header's clock.
    private func checkConsole(path: String) async throws {
        let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let session = try await TmuxSession.start([binary, "console", "--db", path], width: 160, height: 48)
        defer { session.kill() }
        try await session.waitFor("Queues")
        try await session.send("3")
        let screen = try await session.waitUntil("the Runs view lists runs") { Self.consoleRows($0).count >= 10 }
        let clock = try #require(Self.headerClock(screen), "no clock in the header:\n\(screen)")
        for row in Self.consoleRows(screen) {
            #expect(row.age != "0ms" && !row.age.hasPrefix("-"), "age \(row.age) of a run, on:\n\(screen)")
            // CREATED is today's `HH:MM:SS` (a day change during the test is the one honest exception).
            if let createdAt = row.created, createdAt.count == 8, createdAt > clock {
                #expect(createdAt.hasPrefix("23") && clock.hasPrefix("00"), "created \(createdAt) after \(clock)")
            }
        }
    }

    /// The clock at the right of the header line (`12:04:33`).
    static func headerClock(_ screen: String) -> String? {
        let header = screen.split(separator: "\n").first ?? ""
        return header.matches(of: /\d\d:\d\d:\d\d/).last.map { String($0.output) }
    }

    /// The AGE and CREATED cells of the Runs view's rows. AGE, TOOK and CREATED are its last columns, right
    /// aligned, so each row's AGE ends as far from the line's end as the header's AGE does (counted from the
    /// end, the wide status symbols further left do not matter).
    static func consoleRows(_ screen: String) -> [(age: String, created: String?)] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let headerIndex = lines.firstIndex(where: { $0.contains("AGE") && $0.contains("JOB") }),
            let age = lines[headerIndex].range(of: "AGE", options: .backwards)
        else { return [] }
        let header = lines[headerIndex]
        let fromEnd = header.distance(from: age.upperBound, to: header.endIndex)
        return lines[(headerIndex + 1)...].compactMap { line in
            guard line.contains("run_"), line.count > fromEnd else { return nil }
            let ageEnd = line.index(line.endIndex, offsetBy: -fromEnd)
            guard let ageCell = line[..<ageEnd].split(separator: " ").last else { return nil }
            let created = line.matches(of: /\d\d:\d\d:\d\d/).last.map { String($0.output) }
            return (String(ageCell), created)
        }
    }
}
