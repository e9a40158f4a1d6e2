import Foundation

/// What an operator action's params carry so the store records it in the audit trail, in the same transaction
/// as the change (see ``AuditEntry``). nil on the engine's own calls, which are never audited.
///
/// Every text is cut to a bound when the note is made (``AuditNote/textLimit``, ``AuditNote/detailLimit``):
/// a note describes input, and input that a store refuses as too long must still fit in the entry that records
/// the refusal.
public struct AuditNote: Sendable, Hashable, Codable {
    /// Who acts (`ada@laptop`).
    public var actor: String
    /// The front end (`console`, `cli`, `http`, `api`).
    public var channel: String
    /// The stable verb (see ``AuditEntry/action``).
    public var action: String
    /// What it acts on.
    public var target: String
    /// The run it is about, if any.
    public var runId: RunID?
    /// What exactly.
    public var detail: String
    /// The lookup id of the API key the actor acts with (`stackshift serve`), or nil. When set, the store writes
    /// nothing unless that key exists, is not revoked and has not expired at the change's time, checked in the
    /// change's own transaction (``JobStoreError/apiKeyNotUsable``): a revoked key changes nothing from the
    /// moment its revocation commits, whatever a server remembered of it.
    public var apiKeyLookup: String?

    /// The most UTF-8 bytes kept of the actor, channel, action, target and run id.
    public static let textLimit = 1_024
    /// The most UTF-8 bytes kept of the detail and of an outcome.
    public static let detailLimit = 2_048

    /// Creates a note; each text longer than its bound is cut and ends with `…`.
    public init(
        actor: String, channel: String, action: String, target: String, runId: RunID? = nil, detail: String = "",
        apiKeyLookup: String? = nil
    ) {
        self.actor = Self.bounded(actor, to: Self.textLimit)
        self.channel = Self.bounded(channel, to: Self.textLimit)
        self.action = Self.bounded(action, to: Self.textLimit)
        self.target = Self.bounded(target, to: Self.textLimit)
        self.runId = runId.map { Self.bounded($0, to: Self.textLimit) }
        self.detail = Self.bounded(detail, to: Self.detailLimit)
        self.apiKeyLookup = apiKeyLookup
    }

    /// `ada@laptop via console`: the operator as the timeline names them.
    public var actorDescription: String { "\(actor) via \(channel)" }

    /// The entry this note becomes at `at` with `outcome` (bounded like the detail); the store assigns its id.
    public func entry(at: Date, outcome: String = AuditEntry.done) -> AuditEntry {
        AuditEntry(
            at: at, actor: actor, channel: channel, action: action, target: target, runId: runId, detail: detail,
            outcome: Self.bounded(outcome, to: Self.detailLimit))
    }

    /// The note with another detail (bounded): what a store learned while making the change.
    public func with(detail: String) -> AuditNote {
        var note = self
        note.detail = Self.bounded(detail, to: Self.detailLimit)
        return note
    }

    /// `text` cut to at most `bytes` UTF-8 bytes on a character boundary, ending with `…` when it was cut. A NUL
    /// is written `\u{0}`: PostgreSQL text cannot hold one, and an entry must never fail the change it records.
    public static func bounded(_ text: String, to bytes: Int) -> String {
        let text = text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\\u{0}") : text
        guard text.utf8.count > bytes else { return text }
        let ellipsis = "…"
        var kept = ""
        var used = ellipsis.utf8.count
        for character in text {
            let size = character.utf8.count
            guard used + size <= bytes else { break }
            kept.append(character)
            used += size
        }
        return kept + ellipsis
    }
}
