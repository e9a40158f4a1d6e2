import Foundation

/// Who carried out an operator action, and through what: `ada@laptop via console`, `key:stripe-webhooks via http`.
///
/// Every call of ``Operations`` that changes data takes one, so the trail of who did what is written in one
/// place. The engine's own changes (claims, retries by policy, recovered leases) are not operator actions.
public struct Operator: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The person, key or program acting (`ada@laptop`, `key:stripe-webhooks`).
    public var name: String
    /// The front end the action came through.
    public var channel: Channel
    /// The lookup id of the API key acting (`stackshift serve`), or nil: each audited write it makes confirms in
    /// its own transaction that the key is still usable (``AuditNote/apiKeyLookup``).
    public var apiKeyLookup: String?

    /// The front ends operator actions come through.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        /// The live console (`stackshift console`, `stackshift demo`).
        case console
        /// A `stackshift` command.
        case cli
        /// The HTTP server (`stackshift serve`).
        case http
        /// Swift code calling the engine.
        case api
    }

    /// Creates an operator.
    public init(name: String, channel: Channel, apiKeyLookup: String? = nil) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        self.name = trimmed.isEmpty ? "unknown" : trimmed
        self.channel = channel
        self.apiKeyLookup = apiKeyLookup
    }

    /// The person at this machine (`$USER@host`), acting through `channel`.
    public static func local(via channel: Channel) -> Operator {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["USER"] ?? environment["LOGNAME"] ?? ProcessInfo.processInfo.userName
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        return Operator(name: "\(user)@\(host)", channel: channel)
    }

    /// The application linking the engine, acting through its own code (`app pid 4242 via api`).
    public static var application: Operator {
        Operator(name: "app pid \(ProcessInfo.processInfo.processIdentifier)", channel: .api)
    }

    /// `ada@laptop via console`.
    public var description: String { "\(name) via \(channel.rawValue)" }
}
