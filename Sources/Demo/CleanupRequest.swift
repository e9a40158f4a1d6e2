import Foundation

/// `nightlyCleanup`'s payload (fixed by its schedule).
public struct CleanupRequest: Codable, Sendable, Hashable {
    /// Finished import progress untouched for this many minutes (demo time) is purged.
    public var retentionMinutes: Int
}

/// What `nightlyCleanup` removed.
public struct CleanupReport: Codable, Sendable, Hashable {
    /// Finished import progress entries deleted from state.
    public var progressPurged: Int
    /// Audit log rows compacted.
    public var auditRowsCompacted: Int
}
