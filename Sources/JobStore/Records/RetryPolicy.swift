import Foundation

/// How often and how soon a failed run or step is tried again: exponential backoff with jitter.
///
/// Only failures count. For a run, they are its attempts that ended `failed` (the handler threw) or
/// `crashed` (its worker's lease expired) — ``RunRecord/failures`` — and not the attempts that paused for
/// an event or a sleep, so a run that waits many times keeps its whole budget. For a step with its own
/// policy, they are that step's failures (``StepRecord/failures``).
///
/// The delay after failure `n` (1-based) is `initialDelay * multiplier^(n-1)`, capped at `maxDelay`, then
/// multiplied by a random factor in `1 - jitter ... 1` so retries from many runs spread out.
public struct RetryPolicy: Sendable, Codable, Hashable {
    /// How many tries may fail, the first included: the failure that reaches this number is final.
    /// `1` means never retry; `3` means a first try and up to two retries.
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

    /// The backoff after failure number `attempt` (1-based: the first failure waits `initialDelay`),
    /// using `random` in `0..<1` for jitter. For a run, pass its ``RunRecord/failures`` counting the
    /// failure being handled (`failures + 1` on the record the attempt was claimed with).
    public func delay(afterAttempt attempt: Int, random: Double) -> TimeInterval {
        let exponent = Double(max(0, attempt - 1))
        let base = min(maxDelay, initialDelay * pow(multiplier, exponent))
        return base * (1 - jitter * min(max(random, 0), 1))
    }

    /// Whether another try is allowed after `attempt` failures, counting the one being handled.
    public func allowsRetry(afterAttempt attempt: Int) -> Bool {
        attempt < maxAttempts
    }
}
