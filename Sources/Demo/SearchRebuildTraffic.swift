import Foundation
import YAMLFiles

/// Search index rebuilds (`rebuildSearchIndex`), which hold the `search-index:rebuild` lock.
public struct SearchRebuildTraffic: Sendable, Hashable, Decodable {
    /// Rebuilds requested per demo-minute.
    public var perMinute: Double = 0.5

    /// Creates the default traffic.
    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case perMinute
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        perMinute = try fields.nonNegative(.perMinute, default: perMinute)
    }
}
