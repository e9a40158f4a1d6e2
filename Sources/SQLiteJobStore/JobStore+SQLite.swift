import JobStore

extension JobStore where Self == SQLiteJobStore {
    /// A SQLite store at `path`, created if missing: `StackShift(store: .sqlite(path: "jobs.sqlite"))`.
    public static func sqlite(path: String, options: SQLiteJobStore.Options = .init()) throws -> SQLiteJobStore {
        try SQLiteJobStore(path: path, options: options)
    }
}
