import Foundation

/// `sendVerificationEmail`'s payload, as in the docs' signup flow.
public struct VerificationEmail: Codable, Sendable, Hashable {
    /// The user (`user_…`).
    public var userId: String
    /// Where the email goes.
    public var email: String
}

/// What the mail provider returns for a sent message.
public struct EmailReceipt: Codable, Sendable, Hashable {
    /// The provider's message id.
    public var messageId: String
    /// The recipient.
    public var to: String
}
