import Foundation
import JobStore

/// What a scenario planted, with the ids to find each fault by: for the summary, the tour and tests.
public struct PlantedFaults: Sendable, Hashable, Codable {
    /// A payment run waiting for a webhook that was sent with a case-changed key.
    public struct WrongKeyWait: Sendable, Hashable, Codable {
        /// The waiting run.
        public var runId: RunID
        /// The key it waits on (`pay_…`).
        public var paymentId: String
        /// The key the webhook was sent with (`PAY_…`).
        public var sentKey: String
    }

    /// A lock whose owner is a run that crashed while holding it.
    public struct OrphanedLock: Sendable, Hashable, Codable {
        /// The lock's key.
        public var key: String
        /// The run that holds it.
        public var ownerRunId: RunID
        /// When it lapses by itself.
        public var expiresAt: Date
    }

    /// The paused queue.
    public var pausedQueue: DemoQueue?
    /// Payment runs waiting on a key their webhook missed by case.
    public var wrongKeyWaits: [WrongKeyWait] = []
    /// The provider having an outage.
    public var flakyProvider: SimulatedProvider?
    /// When its outage ends (wall-clock time: the scenario's `lasts` at the demo's pace).
    public var flakyUntil: Date?
    /// Runs started against it at once.
    public var flakyRuns: [RunID] = []
    /// The worker that died holding leases.
    public var crashedWorkerId: WorkerID?
    /// The runs it held (their leases expire and other workers recover them).
    public var crashedRuns: [RunID] = []
    /// The lock left behind by a crashed rebuild.
    public var orphanedLock: OrphanedLock?

    /// Creates an empty record.
    public init() {}

    /// Whether nothing was planted.
    public var isEmpty: Bool {
        pausedQueue == nil && wrongKeyWaits.isEmpty && flakyProvider == nil && crashedWorkerId == nil
            && orphanedLock == nil
    }

    /// One plain line per fault, saying where to find it.
    public var descriptions: [String] {
        var lines: [String] = []
        if let pausedQueue { lines.append("queue \(pausedQueue.rawValue) is paused: its runs pile up queued") }
        for wait in wrongKeyWaits {
            lines.append(
                "run \(wait.runId) waits for payment.confirmed key \(wait.paymentId); "
                    + "the webhook came with key \(wait.sentKey)")
        }
        if let flakyProvider {
            let until = flakyUntil.map { " until \(ISO8601DateFormatter().string(from: $0))" } ?? ""
            lines.append("the \(flakyProvider.rawValue) provider fails most calls\(until): runs exhaust their retries")
        }
        if let crashedWorkerId {
            lines.append(
                "worker \(crashedWorkerId) died holding \(crashedRuns.count) runs: "
                    + "their attempts crash and are recovered")
        }
        if let orphanedLock {
            lines.append(
                "lock \(orphanedLock.key) is held by crashed run \(orphanedLock.ownerRunId): rebuilds cannot take it")
        }
        return lines
    }
}
