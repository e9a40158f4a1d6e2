import Foundation
import JobStore

/// An error a job handler throws to fail the attempt with a plain message.
///
/// ```swift
/// guard payment.status == "paid" else { throw JobError("Payment is not complete") }
/// throw JobError("card declined", retryable: false)   // fails the run at once
/// ```
public struct JobError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The message shown on the run.
    public var message: String
    /// Whether a retry may help; `false` fails the run without further attempts.
    public var retryable: Bool

    /// Creates an error with a message.
    public init(_ message: String, retryable: Bool = true) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}

/// Adopt this in an error type whose failures a retry cannot fix (bad input, a declined card):
/// the run fails at once instead of backing off.
public protocol NonRetryableError: Error {}

/// Thrown by `waitForEvent` with `throwOnTimeout: true` when the event did not arrive in time.
public struct EventWaitTimeout: Error, Sendable, Hashable, CustomStringConvertible {
    /// The wait step.
    public var step: String
    /// The event name waited for.
    public var event: String
    /// The correlation key waited for.
    public var key: String

    public var description: String { "step \(step) timed out waiting for \(event) with key \(key)" }
}

/// A step's closure threw: carries the step's name and its own retry policy to the attempt's end.
struct StepFailure: Error {
    let step: String
    let underlying: any Error
    let retryPolicy: RetryPolicy?
    let failures: Int
}

/// The run paused (event wait or sleep): the attempt is over and the handler must unwind.
struct RunSuspended: Error {}

/// The run was asked to stop: unwinds the handler at a step boundary.
struct RunCancellation: Error {}

extension ErrorDetail {
    /// Describes a thrown error: its type, its message, where it was thrown, and whether to retry.
    init(describing error: any Error, location: String? = nil) {
        let underlying = (error as? StepFailure)?.underlying ?? error
        let message: String
        if let localized = underlying as? LocalizedError, let description = localized.errorDescription {
            message = description
        } else {
            message = String(describing: underlying)
        }
        let retryable: Bool
        if let jobError = underlying as? JobError {
            retryable = jobError.retryable
        } else {
            retryable = !(underlying is NonRetryableError) && !(underlying is DecodingError)
        }
        // A lock conflict names its lock, so "why" can show who holds it.
        let lockLocation = (underlying as? LockUnavailable).map { "lock \($0.key)" }
        self.init(
            type: String(describing: Swift.type(of: underlying)), message: message,
            location: lockLocation ?? location ?? (error as? StepFailure).map { "step \($0.step)" },
            retryable: retryable)
    }
}
