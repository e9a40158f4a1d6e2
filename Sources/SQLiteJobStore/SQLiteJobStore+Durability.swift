extension SQLiteJobStore {
    /// What a committed write survives: SQLite's `synchronous` setting for the store's writer connection.
    ///
    /// The file is in WAL mode either way, so it is never corrupted, whatever happens; the difference is
    /// how many of the last commits an outage can take back.
    ///
    /// - ``normal``: the WAL is synced at each checkpoint, not at each commit. A commit survives a crash of
    ///   the process (the operating system still has the data), but a power loss or a kernel crash can undo
    ///   the last commits before it, so a step that had completed may run again afterwards.
    /// - ``full``: the WAL is synced before each commit returns, so a commit survives a power loss too. Each
    ///   commit waits for the disk; group commit shares that wait between the writes that queued behind it.
    ///
    /// Each process chooses for its own commits: several processes on one file may differ.
    public enum Durability: String, Sendable, Hashable, CaseIterable {
        /// `synchronous=FULL`: each commit is on disk before the write returns.
        case full
        /// `synchronous=NORMAL`, the default: each commit survives a crash of the process, not a power loss.
        case normal

        /// The value of `PRAGMA synchronous` that gives this durability.
        public var synchronousPragma: String {
            switch self {
            case .full: return "FULL"
            case .normal: return "NORMAL"
            }
        }
    }
}
