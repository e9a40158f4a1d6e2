import Foundation

/// One operator action in the audit trail: who did what, to what, through which front end, and how it ended.
///
/// An action that changed data is written in the same transaction as its change (``AuditNote`` on the action's
/// params), so the trail never disagrees with the data; a refused action is written on its own with
/// ``JobStore/recordAudit(_:)``, changing nothing else. The engine's own changes are never audited.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// The store's sequence number for the entry: grows with every entry, so newer entries have larger ids.
    public var id: Int64
    /// When the action was carried out.
    public var at: Date
    /// Who acted: a person (`ada@laptop`), a key (`key:stripe-webhooks`) or a program.
    public var actor: String
    /// The front end it came through: `console`, `cli`, `http` or `api`.
    public var channel: String
    /// A stable verb: `retry`, `cancel`, `send-event`, `set-state`, `delete-state`, `increment-state`,
    /// `release-lock`, `pause-queue`, `resume-queue`, `configure-queue`, `forget-worker`, `delete-event`.
    public var action: String
    /// What it acted on: a run id, state or lock key, queue name, event name or id, worker id.
    public var target: String
    /// The run it was about, when it was about one (so a run's trail is one indexed lookup).
    public var runId: RunID?
    /// What exactly: `after failed (from step charge: 2 steps cleared, 1 kept)`, `key pay_123, payload {…}`.
    public var detail: String
    /// ``AuditEntry/done``, or `refused: ` and why.
    public var outcome: String

    /// The outcome of an action that was carried out.
    public static let done = "done"

    /// Creates an entry.
    public init(
        id: Int64 = 0, at: Date, actor: String, channel: String, action: String, target: String,
        runId: RunID? = nil, detail: String = "", outcome: String = AuditEntry.done
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.channel = channel
        self.action = action
        self.target = target
        self.runId = runId
        self.detail = detail
        self.outcome = outcome
    }

    /// Whether the action was refused (its outcome starts with `refused`).
    public var refused: Bool { outcome.hasPrefix("refused") }

    /// `ada@laptop via console`: the operator as the timeline and messages name them.
    public var actorDescription: String { "\(actor) via \(channel)" }
}
