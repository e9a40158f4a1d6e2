import Foundation
import JobStore
import Logging

/// The one path for every operator action and for the reads the console, the CLI and the server show.
///
/// ```swift
/// let operations = StackShift(store: store).operations
/// let me = Operator.local(via: .cli)
/// try await operations.retry("run_01J…", by: me)
/// try await operations.sendEvent("payment.confirmed", key: "pay_123", payloadJSON: #"{"ok":true}"#, by: me)
/// ```
///
/// Front ends never call a ``JobStore`` themselves: each rule of an action (which runs a filter selects, how
/// long an event is kept, which lock owner may be released) is written here once. Every action that changes
/// data names its ``Operator`` and passes through one place that records it in the audit trail
/// (``auditTrail(since:runId:beforeId:limit:)``).
public struct Operations: Sendable {
    let client: StackShift

    /// The operations of a client: its store, clock and settings.
    public init(client: StackShift) {
        self.client = client
    }

    var store: any JobStore { client.store }

    /// The engine's settings these operations apply.
    public var settings: EngineSettings { client.settings }

    /// The time operations stamp on what they write (the client's clock).
    public func now() -> Date { client.clock.now() }

    /// Carries out one operator action: the one place the audit trail is written.
    ///
    /// `body` passes the note it is given in its params, so the store records the action in the same
    /// transaction as the change. When `body` throws, or returns a result `refusal` names a reason for (a
    /// delete that found nothing), a `refused: …` entry is recorded on its own; failing to record it (a
    /// read-only or unreachable store) never hides the action's own error.
    func perform<Result: Sendable>(
        _ action: OperatorAction, target: String, runId: RunID? = nil, detail: String = "", by actor: Operator,
        refusal: (Result) -> String? = { _ in nil }, _ body: (AuditNote) async throws -> Result
    ) async throws -> Result {
        let note = actor.note(action, target: target, runId: runId, detail: detail)
        let result: Result
        do {
            result = try await body(note)
        } catch {
            let error = await client.explainingPruned(error)
            await record(note, outcome: "refused: \(Self.describe(error))")
            throw error
        }
        if let reason = refusal(result) {
            await record(note, outcome: "refused: \(reason)")
        } else {
            log(note, outcome: AuditEntry.done)
        }
        return result
    }

    /// Records an action on its own, and logs it: one that changed nothing. Best effort: an action's outcome
    /// stands whether or not its entry could be written.
    func record(_ note: AuditNote, outcome: String) async {
        _ = try? await store.recordAudit(RecordAuditParams(note: note, outcome: outcome, now: now()))
        log(note, outcome: outcome)
    }

    private func log(_ note: AuditNote, outcome: String) {
        client.logger.info(
            "operator action",
            metadata: [
                "action": "\(note.action)", "target": "\(note.target)", "operator": "\(note.actorDescription)",
                "outcome": "\(outcome)",
            ])
    }
}

extension StackShift {
    /// Operator actions and reads over this client's store: what the console, the CLI and the server call.
    public var operations: Operations { Operations(client: self) }
}
