import Foundation
import JobStore
import PostgresNIO

extension Transaction {
    /// The channel every store notifies after a commit that changed a run or a queue's settings. Payloads
    /// are `<schema>:<latest sequence>` (or `<schema>:queues`), so listeners on other schemas of the same
    /// database ignore them.
    static let channel = "stackshift_changes"

    /// The most timeline rows inserted by one statement (9 parameters each, well under PostgreSQL's 65,535).
    private static let timelineBatch = 1000

    /// Writes the buffered timeline entries and notifies listeners, as the transaction's last statements
    /// before `COMMIT`.
    ///
    /// **Why sequence order is commit order.** The change feed's consumers keep one cursor and ask for
    /// `changes(after: cursor)`. A plain identity column is not enough: transaction A can draw number 10,
    /// B draw 11 and commit first, a consumer read 11 and move its cursor past 10 — and when A commits,
    /// entry 10 is never delivered. So every transaction that writes timeline entries first takes a
    /// transaction-level advisory lock on one key per schema, then draws its numbers, then commits, which
    /// releases the lock only after the commit is visible. Numbers are therefore drawn in the order the
    /// writers commit, and a reader that sees number n also sees every smaller one that will ever exist.
    ///
    /// The lock is taken as late as possible — after all of the operation's row locks and reads — so it
    /// covers just one insert, a notify and the commit, and its holder never waits for anything else
    /// (no deadlock is possible). The alternative, a snapshot-xmin watermark that hides entries above the
    /// oldest in-flight writer, cannot be expressed with the single integer cursor the protocol gives
    /// consumers: an in-flight transaction's entries are invisible, so a reader cannot know their numbers.
    func finish() async throws {
        guard !timeline.isEmpty else {
            if queuesChanged { try await notify("queues") }
            return
        }
        try await lock("timeline", "feed")
        var latest: Int64 = 0
        for start in stride(from: 0, to: timeline.count, by: Self.timelineBatch) {
            let entries = timeline[start..<min(start + Self.timelineBatch, timeline.count)]
            var bindings = PostgresBindings(capacity: entries.count * 9)
            var values: [String] = []
            values.reserveCapacity(entries.count)
            for entry in entries {
                let base = bindings.count
                bindings.append(entry.runId)
                bindings.append(entry.queue)
                bindings.append(entry.job)
                bindings.append(entry.at.millis)
                bindings.append(entry.kind.rawValue)
                bindings.append(entry.status.rawValue)
                bindings.append(entry.attempt)
                bindings.append(entry.step)
                bindings.append(entry.message)
                values.append("(" + (1...9).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
            }
            let sql = """
                INSERT INTO timeline (run_id, queue, job, at, kind, status, attempt, step, message)
                VALUES \(values.joined(separator: ", ")) RETURNING seq
                """
            for row in try await rows(PostgresQuery(unsafeSQL: sql, binds: bindings)) {
                latest = max(latest, try row.int64("seq"))
            }
        }
        timeline.removeAll()
        try await notify(String(latest))
    }

    /// Queues a notification on ``channel``; PostgreSQL delivers it only if the transaction commits.
    private func notify(_ detail: String) async throws {
        try await execute("SELECT pg_notify(\(Self.channel), \(schema + ":" + detail))")
    }
}
