import Foundation

/// Parameters of ``JobStore/recordAudit(_:)``: an action recorded on its own, for one that was refused and
/// so changed nothing.
public struct RecordAuditParams: Sendable, Hashable {
    /// The action.
    public var note: AuditNote
    /// How it ended: `refused: ` and why.
    public var outcome: String
    /// The current time.
    public var now: Date

    /// Creates the parameters.
    public init(note: AuditNote, outcome: String, now: Date) {
        self.note = note
        self.outcome = outcome
        self.now = now
    }

    /// The entry to write (its id assigned by the store).
    public var entry: AuditEntry { note.entry(at: now, outcome: outcome) }
}

/// A filter for ``JobStore/listAudit(_:)``. Empty fields match everything.
public struct AuditQuery: Sendable, Hashable {
    /// Only entries at or after this time.
    public var since: Date?
    /// Only entries about this run.
    public var runId: RunID?
    /// Only entries older than this id, for paging.
    public var beforeId: Int64?
    /// The most entries to return, from 1 to ``AuditQuery/maxLimit``.
    public var limit: Int

    /// The most entries one query returns.
    public static let maxLimit = 10_000

    /// Creates a filter.
    public init(since: Date? = nil, runId: RunID? = nil, beforeId: Int64? = nil, limit: Int = 100) {
        self.since = since
        self.runId = runId
        self.beforeId = beforeId
        self.limit = limit
    }

    /// Refuses a limit outside 1…``maxLimit`` and a run id over ``InputLimit/name``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard (1...Self.maxLimit).contains(limit) else {
            throw JobStoreError.invalidInput("the audit trail: limit must be from 1 to 10,000, not \(limit)")
        }
        try InputLimit.name.check(runId, field: "run id")
    }
}
