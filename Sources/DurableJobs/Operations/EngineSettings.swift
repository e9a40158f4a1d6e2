import Foundation

/// The engine's settings that every front end shares: one source, so the console, the CLI and the server
/// apply the same retention and liveness rules as the workers.
public struct EngineSettings: Sendable, Hashable {
    /// How long a sent event is kept for runs that reach their wait later (default 24 hours).
    public var eventRetention: Duration
    /// How recently a worker must have heartbeated to count as alive (default 60 seconds).
    public var workerLiveness: Duration
    /// The window in which finished runs count towards a queue's summary (default one hour).
    public var queueSummaryWindow: Duration

    /// Creates settings; every value has the documented default.
    public init(
        eventRetention: Duration = .hours(24), workerLiveness: Duration = .seconds(60),
        queueSummaryWindow: Duration = .hours(1)
    ) {
        self.eventRetention = eventRetention
        self.workerLiveness = workerLiveness
        self.queueSummaryWindow = queueSummaryWindow
    }
}
