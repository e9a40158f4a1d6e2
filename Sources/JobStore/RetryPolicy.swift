import Foundation

/// How often and how soon a failed run or step is tried again: exponential backoff with jitter.
///
/// The delay before attempt `n + 1` is `initialDelay * multiplier^(n-1)`, capped at `maxDelay`, then
/// multiplied by a random factor in `1 - jitter ... 1` so retries from many runs spread out.
public struct RetryPolicy: Sendable, Codable, Hashable {
    /// The total number of attempts, including the first. `1` means never retry.
    public var maxAttempts: Int
    /// The delay before the second attempt, in seconds.
    public var initialDelay: TimeInterval
    /// The largest delay between attempts, in seconds.
    public var maxDelay: TimeInterval
    /// The growth factor between consecutive delays.
    public var multiplier: Double
    /// The fraction of each delay that is randomised, from 0 (none) to 1.
    public var jitter: Double

    /// Creates a retry policy.
    public init(
        maxAttempts: Int = 5, initialDelay: TimeInterval = 1, maxDelay: TimeInterval = 300, multiplier: Double = 2,
        jitter: Double = 0.2
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = max(0, initialDelay)
        self.maxDelay = max(self.initialDelay, maxDelay)
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
    }

    /// The default: 5 attempts, 1 s doubling to at most 5 minutes, 20% jitter.
    public static let standard = RetryPolicy()

    /// One attempt only.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The backoff after failed attempt number `attempt` (1-based), using `random` in `0..<1` for jitter.
    public func delay(afterAttempt attempt: Int, random: Double) -> TimeInterval {
        let exponent = Double(max(0, attempt - 1))
        let base = min(maxDelay, initialDelay * pow(multiplier, exponent))
        return base * (1 - jitter * min(max(random, 0), 1))
    }

    /// Whether another attempt is allowed after `attempt` attempts have been made.
    public func allowsRetry(afterAttempt attempt: Int) -> Bool {
        attempt < maxAttempts
    }
}
