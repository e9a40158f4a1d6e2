import Foundation
import YAMLFiles

/// A range of demo durations a delay is drawn from: `{min: 5s, max: 90s}`, or one duration for a fixed delay.
public struct DelayRange: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The shortest delay.
    public var min: DemoDuration
    /// The longest delay.
    public var max: DemoDuration

    /// Creates a range; the bounds are swapped when given in the wrong order.
    public init(min: DemoDuration, max: DemoDuration) {
        self.min = Swift.min(min, max)
        self.max = Swift.max(min, max)
    }

    /// A fixed delay.
    public init(_ fixed: DemoDuration) {
        self.init(min: fixed, max: fixed)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case min, max
    }

    /// Decodes `{min: 5s, max: 90s}` or a single duration.
    public init(from decoder: any Decoder) throws {
        guard (try? decoder.container(keyedBy: AnyCodingKey.self)) != nil else {
            self.init(try DemoDuration(from: decoder))
            return
        }
        let fields = try StrictFields(decoder, CodingKeys.self)
        let lower: DemoDuration = try fields.required(.min)
        let upper: DemoDuration = try fields.required(.max)
        guard lower <= upper else { throw fields.problem(.max, "must not be shorter than min (\(lower))") }
        self.init(min: lower, max: upper)
    }

    /// The delay at position `unit` (in `0 ..< 1`) of the range.
    public func at(_ unit: Double) -> DemoDuration {
        DemoDuration(seconds: min.seconds + (max.seconds - min.seconds) * unit)
    }

    /// `5s–90s`, or `30s` when fixed.
    public var description: String { min == max ? "\(min)" : "\(min)–\(max)" }
}

/// A range of whole numbers: `{min: 1, max: 4}`, or one number.
public struct CountRange: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The smallest count.
    public var min: Int
    /// The largest count.
    public var max: Int

    /// Creates a range; the bounds are swapped when given in the wrong order.
    public init(min: Int, max: Int) {
        self.min = Swift.min(min, max)
        self.max = Swift.max(min, max)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case min, max
    }

    /// Decodes `{min: 1, max: 4}` or a single number; counts start at 1.
    public init(from decoder: any Decoder) throws {
        guard (try? decoder.container(keyedBy: AnyCodingKey.self)) != nil else {
            let value = try decoder.singleValueContainer().decode(Int.self)
            guard value >= 1 else {
                throw FieldProblem(.badValue, path: decoder.codingPath, message: "must be at least 1, found \(value)")
            }
            self.init(min: value, max: value)
            return
        }
        let fields = try StrictFields(decoder, CodingKeys.self)
        let lower = try fields.integer(.min, default: 1, in: 1...10_000)
        let upper = try fields.integer(.max, default: lower, in: 1...10_000)
        guard lower <= upper else { throw fields.problem(.max, "must not be below min (\(lower))") }
        self.init(min: lower, max: upper)
    }

    /// `1–4`, or `3` when fixed.
    public var description: String { min == max ? "\(min)" : "\(min)–\(max)" }
}
