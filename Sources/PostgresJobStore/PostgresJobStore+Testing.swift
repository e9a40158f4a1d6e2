import Foundation
import JobStore
import PostgresNIO

/// Hooks for this driver's own tests (`@testable import`): raw SQL run through the same transaction path
/// as every operation, so errors are mapped exactly as in production.
extension PostgresJobStore {
    /// Runs one statement in a write transaction.
    func executeForTesting(_ sql: String) async throws {
        try await write { tx in try await tx.execute(PostgresQuery(unsafeSQL: sql)) }
    }

    /// Runs one query whose single row has an integer column named `count`.
    func countForTesting(_ sql: String) async throws -> Int {
        try await read { tx in try await tx.count(PostgresQuery(unsafeSQL: sql)) }
    }
}
