import Foundation

/// The store could not be read: the latest reason, and since when. The header shows it, in place of the live
/// indicator, until a load works again, so stale data is never passed off as live.
public struct StoreOutage: Sendable, Hashable {
    /// The latest failure's message (`Could not load queues: the database file … was deleted`).
    public var message: String
    /// When the first failure of this outage arrived.
    public var since: Date

    /// Creates an outage that began at `since`.
    public init(message: String, since: Date) {
        self.message = message
        self.since = since
    }
}
