import Foundation
import YAMLFiles

/// Payments: each starts `provisionAfterPayment`; the payment processor's `payment.confirmed` webhook
/// follows after a delay.
public struct PaymentTraffic: Sendable, Hashable, Decodable {
    /// Payments per demo-minute.
    public var perMinute: Double = 4
    /// The share of `verify-payment` calls that find the payment still pending (a transient failure).
    public var pendingProbability: Double = 0.05
    /// The share of payments that are declined: the run fails at once ("Payment is not complete").
    public var declinedProbability: Double = 0.03
    /// The share of provisioning API calls that fail transiently.
    public var provisioningFailureProbability: Double = 0.02
    /// How long after the payment the `payment.confirmed` webhook arrives.
    public var webhookDelay = DelayRange(min: .seconds(5), max: .seconds(90))
    /// How long a run waits for `payment.confirmed` before giving up.
    public var confirmationTimeout = DemoDuration.hours(24)

    /// Creates the default traffic.
    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case perMinute, pendingProbability, declinedProbability, provisioningFailureProbability, webhookDelay
        case confirmationTimeout
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        perMinute = try fields.nonNegative(.perMinute, default: perMinute)
        pendingProbability = try fields.probability(.pendingProbability, default: pendingProbability)
        declinedProbability = try fields.probability(.declinedProbability, default: declinedProbability)
        provisioningFailureProbability = try fields.probability(
            .provisioningFailureProbability, default: provisioningFailureProbability)
        webhookDelay = try fields.value(.webhookDelay, default: webhookDelay)
        confirmationTimeout = try fields.value(.confirmationTimeout, default: confirmationTimeout)
        guard confirmationTimeout.seconds > 0 else { throw fields.problem(.confirmationTimeout, "must be above 0") }
    }
}
