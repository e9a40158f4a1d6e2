import Foundation
import YAMLFiles

/// Sign-ups: each starts `sendVerificationEmail`, idempotent per user.
public struct SignupTraffic: Sendable, Hashable, Decodable {
    /// Sign-ups per demo-minute.
    public var perMinute: Double = 12
    /// The share of mail provider calls that fail transiently (and are retried).
    public var mailFailureProbability: Double = 0.1
    /// The share of sign-ups followed by a "resend" click: a duplicate start the idempotency key absorbs.
    public var resendProbability: Double = 0.1

    /// Creates the default traffic.
    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case perMinute, mailFailureProbability, resendProbability
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        perMinute = try fields.nonNegative(.perMinute, default: perMinute)
        mailFailureProbability = try fields.probability(.mailFailureProbability, default: mailFailureProbability)
        resendProbability = try fields.probability(.resendProbability, default: resendProbability)
    }
}
