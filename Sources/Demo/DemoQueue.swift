import Foundation
import YAMLFiles

/// The demo's queues.
public enum DemoQueue: String, Sendable, Hashable, CaseIterable, Codable {
    /// Verification emails.
    case emails
    /// Payment → provisioning.
    case payments
    /// File imports.
    case imports
    /// Nightly cleanup and search index rebuilds.
    case maintenance
}

/// Each demo queue's concurrency limit, enforced across all workers.
public struct QueueConcurrency: Sendable, Hashable, Decodable {
    /// At most this many verification emails at once (the mail provider's rate limit).
    public var emails = 5
    /// At most this many provisioning runs at once.
    public var payments = 10
    /// At most this many imports at once: uploads beyond it wait `queued`.
    public var imports = 2
    /// At most this many maintenance runs at once.
    public var maintenance = 2

    /// Creates the default limits.
    public init() {}

    /// The limit for a queue.
    public func limit(for queue: DemoQueue) -> Int {
        switch queue {
        case .emails: emails
        case .payments: payments
        case .imports: imports
        case .maintenance: maintenance
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case emails, payments, imports, maintenance
    }

    /// Decodes strictly; each limit is 1–100.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        emails = try fields.integer(.emails, default: emails, in: 1...100)
        payments = try fields.integer(.payments, default: payments, in: 1...100)
        imports = try fields.integer(.imports, default: imports, in: 1...100)
        maintenance = try fields.integer(.maintenance, default: maintenance, in: 1...100)
    }
}
