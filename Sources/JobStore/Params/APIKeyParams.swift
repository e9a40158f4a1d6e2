import Foundation

/// Parameters of ``JobStore/createAPIKey(_:)``.
public struct CreateAPIKeyParams: Sendable, Hashable {
    /// The key to store; its name must not be held by a key that is not revoked.
    public var key: APIKeyRecord
    /// The operator creating it, recorded in the audit trail with the change.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(key: APIKeyRecord, audit: AuditNote? = nil) {
        self.key = key
        self.audit = audit
    }
}

/// Parameters of ``JobStore/revokeAPIKey(_:)``.
public struct RevokeAPIKeyParams: Sendable, Hashable {
    /// The name of the key to revoke.
    public var name: String
    /// The current time, recorded as the revocation's.
    public var now: Date
    /// The operator revoking it, recorded in the audit trail with the change.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(name: String, now: Date, audit: AuditNote? = nil) {
        self.name = name
        self.now = now
        self.audit = audit
    }
}

/// Parameters of ``JobStore/noteAPIKeyUse(_:)``.
public struct NoteAPIKeyUseParams: Sendable, Hashable {
    /// The key's lookup id.
    public var lookup: String
    /// When it was used.
    public var at: Date

    /// Creates the parameters.
    public init(lookup: String, at: Date) {
        self.lookup = lookup
        self.at = at
    }
}

/// Parameters of ``JobStore/recordRejectedWebhook(_:)``.
public struct RecordRejectedWebhookParams: Sendable, Hashable {
    /// The webhook it was sent to.
    public var webhook: String
    /// The event it would have sent.
    public var eventName: String
    /// Why it was refused.
    public var reason: String
    /// The body as received.
    public var body: Data
    /// When it arrived.
    public var now: Date
    /// How many rejected deliveries the store keeps, newest first: older ones are deleted in the same
    /// transaction, so a sender that keeps failing cannot fill the disk.
    public var keep: Int

    /// The default of ``keep``.
    public static let standardKeep = 10_000

    /// Creates the parameters.
    public init(
        webhook: String, eventName: String, reason: String, body: Data, now: Date, keep: Int = Self.standardKeep
    ) {
        self.webhook = webhook
        self.eventName = eventName
        self.reason = reason
        self.body = body
        self.now = now
        self.keep = keep
    }
}

/// Parameters of ``JobStore/listRejectedWebhooks(_:)``.
public struct RejectedWebhookQuery: Sendable, Hashable {
    /// Only deliveries to this webhook; nil for all.
    public var webhook: String?
    /// The most returned, newest first.
    public var limit: Int

    /// Creates the query.
    public init(webhook: String? = nil, limit: Int = 100) {
        self.webhook = webhook
        self.limit = limit
    }
}
