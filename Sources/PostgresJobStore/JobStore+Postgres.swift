import JobStore

extension JobStore where Self == PostgresJobStore {
    /// A PostgreSQL store at `url`, its schema created if missing:
    /// `StackShift(store: try await .postgres(url: "postgres://app@db/jobs"))`.
    public static func postgres(
        url: String, options: PostgresJobStore.Options = .init()
    ) async throws
        -> PostgresJobStore
    {
        try await PostgresJobStore.connect(url: url, options: options)
    }
}
