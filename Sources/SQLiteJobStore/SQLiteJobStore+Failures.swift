import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Failed and crashed attempts since a time, grouped by signature (see ``JobStore/failureGroups(_:)``):
    /// two grouped range scans of the `attempts_failures` index, one for the groups, one for their minutes.
    public func failureGroups(_ params: FailureGroupQuery) async throws -> [FailureGroup] {
        try params.validate()
        let since = params.since.millis
        return try await read { tx in
            let groups = try Row.fetchAll(
                tx.db.cachedStatement(
                    sql: """
                        SELECT a.signature AS signature, COUNT(*) AS failures, COUNT(DISTINCT a.run_id) AS runs,
                            MIN(a.ended_at) AS first_seen, MAX(a.ended_at) AS last_seen, MAX(a.error) AS example,
                            MAX(r.job) AS job
                        FROM attempts a INDEXED BY attempts_failures JOIN runs r ON r.id = a.run_id
                        WHERE a.signature IS NOT NULL AND a.ended_at >= ?1 AND (?3 IS NULL OR a.signature = ?3)
                        GROUP BY a.signature ORDER BY failures DESC, last_seen DESC, signature LIMIT ?2
                        """), arguments: [since, params.limit, params.signature])
            guard !groups.isEmpty else { return [] }
            let signatures = groups.map { $0["signature"] as String }
            var buckets: [String: [(bucket: Int, count: Int)]] = [:]
            let rows = try Row.fetchAll(
                tx.db.cachedStatement(
                    sql: """
                        SELECT signature, (ended_at - ?1) / ?3 AS bucket, COUNT(*) AS n
                        FROM attempts INDEXED BY attempts_failures
                        WHERE signature IN (SELECT value FROM json_each(?2)) AND ended_at >= ?1
                        GROUP BY signature, bucket
                        """), arguments: [since, try StoredJSON.encode(signatures), params.bucketMillis])
            for row in rows { buckets[row["signature"], default: []].append((row["bucket"], row["n"])) }
            return try groups.map { row in
                let signature: String = row["signature"]
                let example = try StoredJSON.decode(ErrorDetail.self, row["example"], column: "error")
                return FailureGroup(
                    signature: signature, job: row["job"], failures: row["failures"], runs: row["runs"],
                    firstSeen: Date(millis: row["first_seen"]), lastSeen: Date(millis: row["last_seen"]),
                    example: example ?? ErrorDetail(type: "unknown", message: "no error recorded"),
                    buckets: params.buckets(buckets[signature] ?? []), bucketSeconds: params.bucketSeconds)
            }
        }
    }
}
