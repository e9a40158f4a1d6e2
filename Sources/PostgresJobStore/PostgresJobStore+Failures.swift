import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Failed and crashed attempts since a time, grouped by signature (see ``JobStore/failureGroups(_:)``):
    /// two grouped range scans of the `attempts_failures` index, one for the groups, one for their minutes.
    public func failureGroups(_ params: FailureGroupQuery) async throws -> [FailureGroup] {
        try params.validate()
        let since = params.since.millis
        return try await read { tx in
            let groups = try await tx.rows(
                """
                SELECT a.signature AS signature, COUNT(*) AS failures, COUNT(DISTINCT a.run_id) AS runs,
                    MIN(a.ended_at) AS first_seen, MAX(a.ended_at) AS last_seen, MAX(a.error) AS example,
                    MAX(r.job) AS job
                FROM attempts a JOIN runs r ON r.id = a.run_id
                WHERE a.signature IS NOT NULL AND a.ended_at >= \(since)
                    AND (\(params.signature)::text IS NULL OR a.signature = \(params.signature))
                GROUP BY a.signature ORDER BY failures DESC, last_seen DESC, signature LIMIT \(params.limit)
                """)
            guard !groups.isEmpty else { return [] }
            let signatures = try groups.map { try $0.string("signature") }
            var buckets: [String: [(bucket: Int, count: Int)]] = [:]
            let rows = try await tx.rows(
                """
                SELECT signature, (ended_at - \(since)) / \(params.bucketMillis) AS bucket, COUNT(*) AS n
                FROM attempts
                WHERE signature = ANY(\(signatures)) AND ended_at >= \(since)
                GROUP BY signature, bucket
                """)
            for row in rows {
                buckets[try row.string("signature"), default: []].append(
                    (Int(try row.int64("bucket")), Int(try row.int64("n"))))
            }
            return try groups.map { row in
                let signature = try row.string("signature")
                let example = try StoredJSON.decode(
                    ErrorDetail.self, try row.optionalString("example"), column: "error")
                return FailureGroup(
                    signature: signature, job: try row.string("job"), failures: Int(try row.int64("failures")),
                    runs: Int(try row.int64("runs")), firstSeen: try row.date("first_seen") ?? params.since,
                    lastSeen: try row.date("last_seen") ?? params.now,
                    example: example ?? ErrorDetail(type: "unknown", message: "no error recorded"),
                    buckets: params.buckets(buckets[signature] ?? []), bucketSeconds: params.bucketSeconds)
            }
        }
    }
}
