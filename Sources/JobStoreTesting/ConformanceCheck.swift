import Foundation
import JobStore
import Testing

/// Makes a fresh, empty store for one conformance check.
public typealias StoreFactory = @Sendable () async throws -> any JobStore

/// One named check of the ``JobStore`` contract, runnable against any driver.
///
/// A driver's test target runs every check in ``JobStoreConformance/checks`` with its own factory:
///
/// ```swift
/// @Test(arguments: JobStoreConformance.checks)
/// func conforms(_ check: ConformanceCheck) async throws {
///     try await check.run { try SQLiteJobStore.inMemory() }
/// }
/// ```
public struct ConformanceCheck: Sendable, CustomTestStringConvertible, CustomStringConvertible {
    /// What the check verifies, shown as the test's name.
    public let name: String
    /// Whether the check closes the store itself (and tests what closing does), so ``run(_:)`` does not.
    public let closesStore: Bool
    private let body: @Sendable (any JobStore) async throws -> Void

    /// Creates a check that runs `body` against a fresh store; `closesStore` when `body` closes it itself.
    public init(
        _ name: String, closesStore: Bool = false, _ body: @escaping @Sendable (any JobStore) async throws -> Void
    ) {
        self.name = name
        self.closesStore = closesStore
        self.body = body
    }

    /// Runs the check against a new store from `makeStore`, then closes the store: a close that fails
    /// fails the check, since releasing connections cleanly is part of the contract.
    public func run(_ makeStore: StoreFactory) async throws {
        let store = try await makeStore()
        do {
            try await body(store)
        } catch {
            // The check has already failed; its error, not a close error, is the one to report.
            try? await store.close()
            throw error
        }
        if !closesStore { try await store.close() }
    }

    /// The check's name.
    public var testDescription: String { name }

    /// The check's name.
    public var description: String { name }
}

/// The conformance suite: every check a ``JobStore`` driver must pass.
public enum JobStoreConformance {
    /// All checks, grouped by area.
    public static let checks: [ConformanceCheck] =
        RunChecks.all + ClaimChecks.all + LeaseChecks.all + StepChecks.all + WaitChecks.all + EventChecks.all
        + FinishChecks.all + FinishAndClaimChecks.all + ClaimedCopyChecks.all + BudgetChecks.all + CancelRetryChecks.all
        + ReadChecks.all
        + CountChecks.all
        + FailureChecks.all + StateChecks.all + LockChecks.all + ScheduleChecks.all + TimelineTextChecks.all
        + InputLimitChecks.all + AuditChecks.all + ActivityChecks.all + RetentionChecks.all
        + APIKeyChecks.all
}
