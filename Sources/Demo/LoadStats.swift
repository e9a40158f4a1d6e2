import Foundation

/// What the load generator has done so far.
public struct LoadStats: Sendable, Hashable, Codable {
    /// Runs started, by flow (deduplicated starts not included).
    public var started: [DemoFlow: Int] = [:]
    /// Starts an idempotency key turned into the existing run ("resend" clicks).
    public var deduplicated = 0
    /// `payment.confirmed` webhooks sent.
    public var webhooksSent = 0
    /// Scheduled uploads the user canceled (a cancel that found the run already started is not counted).
    public var canceled = 0
    /// Calls into the engine that failed (see ``DemoSystem/problems``).
    public var failures = 0

    /// Creates empty statistics.
    public init() {}
}
