import Foundation
import JobStore

/// Which retention policy a queue's finished runs are kept by, as the console shows it.
enum RetentionText {
    /// The policy a queue's finished runs are kept by, and whether it is the queue's own; nil while it follows
    /// the store's policy and that has not loaded yet.
    static func policy(of queue: QueueRecord, store: RetentionSettings?) -> (policy: RetentionPolicy, isOwn: Bool)? {
        if let own = queue.retention { return (own, true) }
        return store.map { ($0.policy, false) }
    }
}
