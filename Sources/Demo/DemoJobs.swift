import DurableJobs
import Foundation
import JobStore

/// The demo's jobs, by their registered names.
public enum DemoJob: String, Sendable, Hashable, CaseIterable, Codable {
    /// Sends a sign-up's verification email; idempotent per user (`verify:USER`).
    case sendVerificationEmail
    /// Verifies a payment, waits for `payment.confirmed`, provisions, enables the plan, sends the receipt.
    case provisionAfterPayment
    /// Downloads, parses and imports an uploaded file in batches, keeping progress in state.
    case processUpload
    /// Purges finished import progress and compacts the audit log; fired by a cron schedule.
    case nightlyCleanup
    /// Rebuilds a search index while holding the `search-index:rebuild` lock.
    case rebuildSearchIndex

    /// The queue the job's runs go to.
    public var queue: DemoQueue {
        switch self {
        case .sendVerificationEmail: .emails
        case .provisionAfterPayment: .payments
        case .processUpload: .imports
        case .nightlyCleanup, .rebuildSearchIndex: .maintenance
        }
    }

    /// How failed attempts are retried, in scenario time (``DemoPace`` converts the delays for the engine).
    /// Provisioning counts its resume after the webhook as an attempt, so it gets one more than it would
    /// otherwise need.
    var retryPolicy: RetryPolicy {
        switch self {
        case .sendVerificationEmail: RetryPolicy(maxAttempts: 5, initialDelay: 2, maxDelay: 60)
        case .provisionAfterPayment: RetryPolicy(maxAttempts: 5, initialDelay: 5, maxDelay: 120)
        case .processUpload: RetryPolicy(maxAttempts: 3, initialDelay: 10, maxDelay: 120)
        case .nightlyCleanup: RetryPolicy(maxAttempts: 3, initialDelay: 30, maxDelay: 120)
        case .rebuildSearchIndex: RetryPolicy(maxAttempts: 4, initialDelay: 30, maxDelay: 300)
        }
    }
}

/// Registers the demo's job handlers on a client. Handlers use only the public engine API (`ctx.step`,
/// `ctx.state`, `ctx.log`); the outside world they call is ``SimulatedProviders``.
struct DemoJobs: Sendable {
    /// The lock every search index rebuild takes.
    static let searchIndexLock = "search-index:rebuild"
    /// The cron schedule that starts `nightlyCleanup`.
    static let cleanupSchedule = "nightly-cleanup"
    /// `nightlyCleanup` fires every minute of scenario time, so its runs show up within seconds.
    static let cleanupCron = "* * * * *"
    /// The event that resumes provisioning.
    static let paymentConfirmed = "payment.confirmed"

    let providers: SimulatedProviders

    var scenario: Scenario { providers.scenario }

    /// Registers every demo job on `stackshift`.
    func register(on stackshift: StackShift) {
        registerEmail(on: stackshift)
        registerProvisioning(on: stackshift)
        registerUploads(on: stackshift)
        registerMaintenance(on: stackshift)
    }

    /// The job's queue and retry policy, its delays in real time at the demo's pace.
    func options(_ job: DemoJob) -> JobOptions {
        JobOptions(queue: job.queue.rawValue, retryPolicy: providers.pace.real(job.retryPolicy))
    }

    /// The idempotency key of a user's verification email.
    static func verificationKey(_ userId: String) -> String { "verify:\(userId)" }
}
