import Foundation

/// One sign-up: its verification email, and whether the user clicks "resend" later.
public struct SignupArrival: Sendable, Hashable {
    /// The email to send.
    public var email: VerificationEmail
    /// When set, the same request is started again this long after (the idempotency key absorbs it).
    public var resendAfter: DemoDuration?
}

/// One payment: what to provision, and when its `payment.confirmed` webhook arrives.
public struct PaymentArrival: Sendable, Hashable {
    /// The run's payload.
    public var payment: PaymentProvisioning
    /// The webhook's body.
    public var confirmation: PaymentConfirmed
    /// How long after the payment the webhook arrives.
    public var webhookDelay: DemoDuration
}

/// One upload arrival: one or more files, possibly scheduled for later and canceled meanwhile.
public struct UploadArrival: Sendable, Hashable {
    /// The files, each a `processUpload` run.
    public var files: [FileUpload]
    /// When set, the runs are scheduled this far ahead instead of starting now.
    public var delay: DemoDuration?
    /// When set (only for scheduled uploads), the user cancels them this long after scheduling.
    public var cancelAfter: DemoDuration?
}

/// The demo's traffic as a pure, seeded sequence: the n-th sign-up, payment, upload or rebuild is the
/// same for a given seed and scenario, whenever it is asked for and whatever the rates are.
///
/// Each flow draws from its own generator, so changing one flow's rate at runtime does not change the
/// payloads of another.
public struct TrafficModel: Sendable {
    /// The seed everything is derived from.
    public let seed: UInt64
    private let scenario: Scenario
    private var signupRandom: SeededGenerator
    private var paymentRandom: SeededGenerator
    private var uploadRandom: SeededGenerator
    private var rebuildRandom: SeededGenerator

    /// Creates the traffic for a seed and scenario.
    public init(seed: UInt64, scenario: Scenario) {
        self.seed = seed
        self.scenario = scenario
        signupRandom = StableHash.generator(["traffic", "signups"], seed: seed)
        paymentRandom = StableHash.generator(["traffic", "payments"], seed: seed)
        uploadRandom = StableHash.generator(["traffic", "uploads"], seed: seed)
        rebuildRandom = StableHash.generator(["traffic", "searchRebuilds"], seed: seed)
    }

    /// The next sign-up.
    public mutating func nextSignup() -> SignupArrival {
        let email = PayloadFactory.verificationEmail(&signupRandom)
        let resends = signupRandom.chance(scenario.signups.resendProbability)
        let after = DelayRange(min: .seconds(10), max: .seconds(120)).at(signupRandom.unit())
        return SignupArrival(email: email, resendAfter: resends ? after : nil)
    }

    /// The next payment.
    public mutating func nextPayment() -> PaymentArrival {
        let payment = PayloadFactory.payment(&paymentRandom)
        let confirmation = PayloadFactory.confirmation(for: payment, key: payment.paymentId, random: &paymentRandom)
        let delay = scenario.payments.webhookDelay.at(paymentRandom.unit())
        return PaymentArrival(payment: payment, confirmation: confirmation, webhookDelay: delay)
    }

    /// The next upload arrival.
    public mutating func nextUpload() -> UploadArrival {
        let traffic = scenario.uploads
        let customerId = "cus_" + uploadRandom.token(8)
        let count = uploadRandom.int(in: traffic.filesPerUpload.min...traffic.filesPerUpload.max)
        let files = (0..<count).map { _ in PayloadFactory.upload(&uploadRandom, customerId: customerId) }
        // Draw every number whether or not it is used, so one choice never shifts the next arrival's.
        let delayed = uploadRandom.chance(traffic.delayedProbability)
        let delay = traffic.delay.at(uploadRandom.unit())
        let cancels = uploadRandom.chance(traffic.cancelProbability)
        let cancelAfter = traffic.cancelAfter.at(uploadRandom.unit())
        return UploadArrival(
            files: files, delay: delayed ? delay : nil,
            cancelAfter: delayed && cancels ? min(cancelAfter, DemoDuration(seconds: delay.seconds / 2)) : nil)
    }

    /// The next search index rebuild request.
    public mutating func nextSearchRebuild() -> SearchRebuild {
        PayloadFactory.searchRebuild(&rebuildRandom)
    }
}
