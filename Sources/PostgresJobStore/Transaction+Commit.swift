import Foundation
import JobStore
import PostgresNIO

extension Transaction {
    /// The channel every store notifies after a commit that changed a run or a queue's settings. Payloads
    /// are `<schema>:<latest sequence>` (sent by the numbering trigger; `<schema>:<latest sequence>:running`
    /// when every run it recorded is still running, so nothing became claimable), `<schema>:queues` or
    /// `<schema>:pruned` (runs deleted by retention, which leaves no timeline entry), so listeners on other
    /// schemas of the same database ignore them.
    static let channel = "stackshift_changes"

    /// The most timeline rows inserted by one statement (9 parameters each, well under PostgreSQL's 65,535).
    private static let timelineBatch = 1000

    /// Writes the buffered timeline entries as the transaction's last statement before `COMMIT`; the
    /// database numbers them and notifies listeners while it commits.
    ///
    /// **Why sequence order is commit order.** The change feed's consumers keep one cursor and ask for
    /// `changes(after: cursor)`. A plain identity column is not enough: transaction A can draw number 10,
    /// B draw 11 and commit first, a consumer read 11 and move its cursor past 10 — and when A commits,
    /// entry 10 is never delivered. So entries are inserted into `timeline_pending`, and a deferred trigger that
    /// runs inside `COMMIT` (schema migration 9) takes a transaction-level advisory lock on one key per schema,
    /// moves the transaction's entries into `timeline` with their numbers, and sends the notification; the lock
    /// is released only after the commit is visible. Numbers are therefore drawn in the order the writers
    /// commit, and a reader that sees number n also sees every smaller one that will ever exist.
    ///
    /// The lock is held only by the server, for the numbering and the commit: never across a round trip to
    /// this process, which is what made every writer of every process queue on it when the client took it.
    /// Its holder waits for nothing else, so no deadlock is possible. The alternative, a snapshot-xmin
    /// watermark that hides entries above the oldest in-flight writer, cannot be expressed with the single
    /// integer cursor the protocol gives consumers: an in-flight transaction's entries are invisible, so a
    /// reader cannot know their numbers.
    func finish() async throws {
        // Said even beside timeline entries: theirs may announce nothing claimable.
        if queuesChanged { try await notify("queues") }
        try await flushTimeline()
    }

    /// Writes the buffered timeline entries now. A statement that inserts timeline entries itself calls this
    /// first, so entries keep the order of the changes they record.
    func flushTimeline() async throws {
        while !timeline.isEmpty {
            var insert = QueryBuilder("")
            takeTimeline(into: &insert)
            try await execute(insert.query)
        }
    }

    /// Appends an `INSERT INTO timeline_pending` of up to ``timelineBatch`` buffered entries to `query`, removing
    /// them from the buffer.
    private func takeTimeline(into query: inout QueryBuilder) {
        let count = min(timeline.count, Self.timelineBatch)
        var values: [String] = []
        values.reserveCapacity(count)
        for entry in timeline.prefix(count) {
            let row = [
                query.bind(entry.runId), query.bind(entry.queue), query.bind(entry.job), query.bind(entry.at.millis),
                query.bind(entry.kind.rawValue), query.bind(entry.status.rawValue), query.bind(entry.attempt),
                query.bind(entry.step), query.bind(entry.message),
            ]
            values.append("(" + row.joined(separator: ", ") + ")")
        }
        timeline.removeFirst(count)
        query.append(
            "INSERT INTO timeline_pending (run_id, queue, job, at, kind, status, attempt, step, message) VALUES "
                + values.joined(separator: ", "))
    }

    /// Queues a notification on ``channel``; PostgreSQL delivers it only if the transaction commits.
    func notify(_ detail: String) async throws {
        try await execute("SELECT pg_notify(\(Self.channel), \(schema + ":" + detail))")
    }
}
