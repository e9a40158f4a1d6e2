import Foundation
import JobStore

/// Retention policies as the console writes them.
enum RetentionText {
    /// `7d/30d/7d`: completed, failed and canceled, for the queues table's RETAIN column.
    static func compact(_ policy: RetentionPolicy) -> String {
        [policy.completed, policy.failed, policy.canceled].map(DurationText.format).joined(separator: "/")
    }

    /// `completed 7d · failed 30d · canceled 7d`. The same words as `Operations.retentionText` in the audit trail
    /// and the CLI, written again here because the console does not depend on DurableJobs.
    static func spelled(_ policy: RetentionPolicy) -> String {
        "completed \(DurationText.format(policy.completed)) · failed \(DurationText.format(policy.failed)) · "
            + "canceled \(DurationText.format(policy.canceled))"
    }

    /// The policy a queue's finished runs are kept by, and whether it is the queue's own; nil while it follows
    /// the store's policy and that has not loaded yet.
    static func policy(of queue: QueueRecord, store: RetentionSettings?) -> (policy: RetentionPolicy, isOwn: Bool)? {
        if let own = queue.retention { return (own, true) }
        return store.map { ($0.policy, false) }
    }
}
