import Foundation

/// One thing an on-call engineer should look at: a failing cause, a stuck wait, a paused queue with work in
/// it, a queue falling behind, an expired lease, an orphaned lock, a silent worker. The Overview and
/// `stackshift status` list them ranked, most urgent first.
public struct AttentionItem: Sendable, Hashable, Codable {
    /// What kind of problem it is; the order of the cases is the order of urgency.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// Attempts failing with one cause.
        case failures
        /// A lock whose holder ended or went silent: whatever needs it is stuck until it lapses.
        case orphanedLock
        /// A running run whose worker stopped renewing its lease.
        case expiredLease
        /// A paused queue with runs waiting in it.
        case pausedQueue
        /// A waiting run with events that nearly match what it waits for.
        case nearMissWait
        /// A queue whose oldest queued run has waited long.
        case queueBehind
        /// A registered worker with no recent heartbeat.
        case silentWorker
        /// A run waiting long for its event, with no near miss.
        case longWait

        /// Orders kinds by urgency.
        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// How far back failures count as needing attention: an hour.
    public static let failureWindow: TimeInterval = 3600

    /// What kind of problem it is.
    public var kind: Kind
    /// One line saying what is wrong, with its numbers: `queue emails is paused with 14 runs queued`.
    public var summary: String
    /// What it is about: a failure signature, a run id, a queue, a lock key or a worker id.
    public var target: String
    /// The run to open or explain, when one stands for the problem.
    public var runId: RunID?
    /// When it started, as far as the store knows.
    public var since: Date?
    /// How many: failures of the cause, runs queued, runs waiting.
    public var count: Int

    /// Creates an item.
    public init(kind: Kind, summary: String, target: String, runId: RunID? = nil, since: Date? = nil, count: Int = 1) {
        self.kind = kind
        self.summary = summary
        self.target = target
        self.runId = runId
        self.since = since
        self.count = count
    }
}
