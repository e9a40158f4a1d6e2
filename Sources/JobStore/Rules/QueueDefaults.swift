/// What a start takes from its queue's settings row. A driver reads the row once per start: nil (no row
/// yet) tells it to create the row, so a start on a known queue, nearly every start, writes no queue row.
package struct QueueDefaults: Sendable, Equatable {
    /// The queue's default retry policy, if it has one.
    package var retryPolicy: RetryPolicy?

    /// Defaults with `retryPolicy`.
    package init(retryPolicy: RetryPolicy?) {
        self.retryPolicy = retryPolicy
    }
}
