import Foundation

/// `rebuildSearchIndex`'s payload.
public struct SearchRebuild: Codable, Sendable, Hashable {
    /// The index (`customers`, `invoices`).
    public var index: String
    /// Why it is rebuilt.
    public var reason: String
}

/// `rebuildSearchIndex`'s result.
public struct SearchRebuildResult: Codable, Sendable, Hashable {
    /// The index rebuilt.
    public var index: String
    /// Documents indexed.
    public var documents: Int
    /// Shards rebuilt.
    public var shards: Int
}
