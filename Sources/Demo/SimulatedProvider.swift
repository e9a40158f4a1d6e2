import DurableJobs
import Foundation

/// A simulated external provider the demo's jobs call.
public enum SimulatedProvider: String, Sendable, Hashable, CaseIterable, Codable {
    /// The mail provider: verification emails and receipts.
    case mail
    /// The payment processor: `verify-payment`.
    case payments
    /// The provisioning API: `provision-customer-resources`.
    case provisioning
}

/// A transient failure of a simulated provider: the attempt fails and the run is retried with backoff.
public struct ProviderError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    /// Which provider failed.
    public var provider: SimulatedProvider
    /// What it answered.
    public var message: String

    /// The message shown on the run.
    public var errorDescription: String? { message }
    /// The message shown on the run.
    public var description: String { message }
}

/// A file the importer cannot read: retrying cannot fix it, so the run fails at once.
public struct MalformedFileError: Error, Sendable, Hashable, LocalizedError, NonRetryableError {
    /// What is wrong with the file.
    public var message: String

    /// The message shown on the run.
    public var errorDescription: String? { message }
}
