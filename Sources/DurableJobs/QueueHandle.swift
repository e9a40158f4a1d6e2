import JobStore

/// A queue: where runs wait for workers, with a concurrency limit, a default retry policy, and pause.
public struct QueueHandle: Sendable {
    /// The queue's name.
    public let name: String
    let client: StackShift

    /// Starts a run of `job` on this queue.
    @discardableResult
    public func enqueue<Payload: Encodable & Sendable>(
        _ job: String, payload: Payload, options: StartOptions = .init()
    ) async throws -> StartedRun {
        var options = options
        options.queue = name
        return try await client.start(job, payload: payload, options: options)
    }

    /// Sets the most runs of this queue running at once across all workers (nil: unlimited) and the retry
    /// policy for runs started on it, by any process, without one of their own or their job's.
    ///
    /// Both settings are replaced: leaving out `retryPolicy` clears the queue's default. Pausing is kept.
    @discardableResult
    public func configure(concurrencyLimit: Int?, retryPolicy: RetryPolicy? = nil) async throws -> QueueRecord {
        try await configure(concurrencyLimit: concurrencyLimit, retryPolicy: retryPolicy, audit: nil)
    }

    /// Configures the queue, recorded in the audit trail with `audit` when an operator does it.
    func configure(concurrencyLimit: Int?, retryPolicy: RetryPolicy?, audit: AuditNote?) async throws -> QueueRecord {
        try await client.store.configureQueue(
            ConfigureQueueParams(
                name: name, concurrencyLimit: concurrencyLimit.map { max(1, $0) }, retryPolicy: retryPolicy,
                now: client.clock.now(), audit: audit))
    }

    /// Sets how long this queue's finished runs are kept, for every process; nil follows the client's policy
    /// (``StackShift/configure(retention:)``). The queue's other settings are kept.
    public func configure(retention: RetentionPolicy?) async throws {
        _ = try await client.setRetention(queue: name, retention, audit: nil)
    }

    /// Stops workers claiming this queue's runs; runs keep arriving and wait.
    @discardableResult
    public func pause() async throws -> QueueRecord {
        try await client.store.setQueuePaused(SetQueuePausedParams(name: name, paused: true, now: client.clock.now()))
    }

    /// Lets workers claim this queue's runs again.
    @discardableResult
    public func resume() async throws -> QueueRecord {
        let record = try await client.store.setQueuePaused(
            SetQueuePausedParams(name: name, paused: false, now: client.clock.now()))
        client.wakeWorkers()
        return record
    }
}
