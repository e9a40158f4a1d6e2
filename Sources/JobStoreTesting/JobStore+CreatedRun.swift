import JobStore
import Testing

extension JobStore {
    /// Creates a run and returns it, new or the existing one holding its idempotency key; fails the test
    /// when none comes back (a duplicate of a run retention pruned).
    public func createdRun(
        _ params: CreateRunParams, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws
        -> RunRecord
    {
        try #require(try await createRun(params).run, "no run came back", sourceLocation: sourceLocation)
    }
}
