import Foundation
import JobStore
import Testing

/// The pure rules of the audit trail: notes bounded to what an entry holds, a retry naming its operator, an
/// event's deletion counting only while it is live.
@Suite("Audit rules")
struct AuditRuleTests {
    static let note = AuditNote(actor: "ada@laptop", channel: "console", action: "retry", target: "run_1")

    @Test("long text is cut on a character boundary to its bound, ending with an ellipsis; short text is kept")
    func bounded() {
        #expect(AuditNote.bounded("short", to: 10) == "short")
        let cut = AuditNote.bounded(String(repeating: "完", count: 10), to: 10)
        #expect(cut == "完完…", "3 bytes each: two fit beside the 3-byte ellipsis")
        #expect(cut.utf8.count <= 10)
        let note = AuditNote(
            actor: "a", channel: "cli", action: "set-state", target: String(repeating: "k", count: 5_000),
            detail: String(repeating: "é", count: 5_000))
        #expect(note.target.utf8.count == AuditNote.textLimit && note.target.hasSuffix("…"))
        #expect(note.detail.utf8.count <= AuditNote.detailLimit && note.detail.hasPrefix("éé"))
        #expect(
            note.entry(at: RecordFixtures.at(0), outcome: String(repeating: "x", count: 9_000)).outcome.utf8.count
                <= AuditNote.detailLimit)
        #expect(AuditNote.quote(String(repeating: "1", count: 300)).utf8.count == AuditNote.quoteLimit)
    }

    @Test("a NUL is written as an escape, so PostgreSQL can store every entry")
    func nul() {
        let note = AuditNote(actor: "ada\u{0}", channel: "cli", action: "set-state", target: "k\u{0}")
        #expect(note.actor == "ada\\u{0}" && note.target == "k\\u{0}")
    }

    @Test("an operator's retry names them on the timeline; the audit detail says what it did")
    func retryNamesOperator() throws {
        let run = RecordFixtures.run(.failed, attempt: 1, failures: 1, maxAttempts: 1)
        let change = try run.retrying(fresh: true, by: Self.note.actorDescription, now: RecordFixtures.at(9))
        #expect(
            change.update.message
                == "retried after failed by ada@laptop via console (failure budget raised to 2, steps cleared)")
        #expect(change.summary == "after failed (failure budget raised to 2, steps cleared)")
        let params = RetryRunParams(runId: run.id, fresh: true, now: RecordFixtures.at(9), audit: Self.note)
        let entry = try #require(params.auditEntry(for: change))
        #expect(entry.detail == change.summary && entry.at == RecordFixtures.at(9) && entry.outcome == "done")
        #expect(RetryRunParams(runId: run.id, now: RecordFixtures.at(9)).auditEntry(for: change) == nil)
    }

    @Test("deleting an event counts only while it is live; an expiry equal to now is expired")
    func eventDeletion() {
        let event = EventRecord(
            id: 7, name: "paid", key: "k", payloadJSON: #"{"ok":true}"#, receivedAt: RecordFixtures.at(0),
            expiresAt: RecordFixtures.at(10))
        let live = DeleteEventParams(eventId: 7, now: RecordFixtures.at(9), audit: Self.note)
        #expect(live.deletes(event))
        #expect(live.auditEntry(for: event)?.detail == #"paid key k, payload {"ok":true}"#)
        #expect(!DeleteEventParams(eventId: 7, now: RecordFixtures.at(10)).deletes(event))
        #expect(DeleteEventParams(eventId: 7, now: RecordFixtures.at(9)).auditEntry(for: event) == nil)
    }
}
