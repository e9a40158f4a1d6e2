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
    private let body: @Sendable (any JobStore) async throws -> Void

    /// Creates a check that runs `body` against a fresh store.
    public init(_ name: String, _ body: @escaping @Sendable (any JobStore) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs the check against a new store from `makeStore`, closing the store afterwards.
    public func run(_ makeStore: StoreFactory) async throws {
        let store = try await makeStore()
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        // A check may have closed the store itself; closing twice is not what is being tested.
        try? await store.close()
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
        + FinishChecks.all + BudgetChecks.all + CancelRetryChecks.all + ReadChecks.all + CountChecks.all
        + StateChecks.all + LockChecks.all + ScheduleChecks.all + TimelineTextChecks.all + InputLimitChecks.all
}
