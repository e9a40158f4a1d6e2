import Foundation
import YAMLFiles

/// Uploads: each arrival is one or more files, each a `processUpload` run; some are scheduled for later
/// and a share of those are canceled by the user before they start.
public struct UploadTraffic: Sendable, Hashable, Decodable {
    /// Upload arrivals per demo-minute.
    public var perMinute: Double = 3
    /// How many files one arrival brings (a folder upload brings several at once).
    public var filesPerUpload = CountRange(min: 1, max: 3)
    /// The share of arrivals the user schedules for later (`scheduled` runs).
    public var delayedProbability: Double = 0.2
    /// How far ahead a scheduled upload is set.
    public var delay = DelayRange(min: .minutes(10), max: .minutes(45))
    /// The share of scheduled uploads the user cancels before they start.
    public var cancelProbability: Double = 0.3
    /// How soon after scheduling the user cancels.
    public var cancelAfter = DelayRange(min: .minutes(1), max: .minutes(8))
    /// The share of files that are malformed: parsing fails without retry.
    public var malformedProbability: Double = 0.02

    /// Creates the default traffic.
    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case perMinute, filesPerUpload, delayedProbability, delay, cancelProbability, cancelAfter
        case malformedProbability
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        perMinute = try fields.nonNegative(.perMinute, default: perMinute)
        filesPerUpload = try fields.value(.filesPerUpload, default: filesPerUpload)
        guard filesPerUpload.max <= 20 else { throw fields.problem(.filesPerUpload, "must be at most 20 files") }
        delayedProbability = try fields.probability(.delayedProbability, default: delayedProbability)
        delay = try fields.value(.delay, default: delay)
        cancelProbability = try fields.probability(.cancelProbability, default: cancelProbability)
        cancelAfter = try fields.value(.cancelAfter, default: cancelAfter)
        malformedProbability = try fields.probability(.malformedProbability, default: malformedProbability)
    }
}
