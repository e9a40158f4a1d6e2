import JobStore

/// The runs a filter selects for a bulk action: their ids, newest first, and whether more matched than were
/// taken.
public struct RunSelection: Sendable, Hashable {
    /// The selected runs' ids, newest first.
    public var ids: [RunID]
    /// Whether more runs matched than the limit let through.
    public var truncated: Bool

    /// Creates a selection.
    public init(ids: [RunID], truncated: Bool) {
        self.ids = ids
        self.truncated = truncated
    }
}

/// How a bulk retry or cancel ended: how many runs changed, how many could not, and why the first could not.
public struct BulkTally: Sendable, Hashable {
    /// Runs changed.
    public var succeeded = 0
    /// Runs that could not be changed (they moved on meanwhile, say).
    public var failed = 0
    /// `run_…: why` for the first run that could not be changed.
    public var firstError: String?

    /// An empty tally.
    public init() {}
}
