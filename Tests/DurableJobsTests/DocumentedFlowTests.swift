import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Synchronization
import Testing

/// The product documentation's examples, in Swift, run end to end.
@Suite("Documented flows")
struct DocumentedFlowTests {
    struct Provision: Codable, Sendable {
        var paymentId: String
        var customerId: String
    }
    struct Payment: Codable, Sendable {
        var status: String
        var customerEmail: String
    }
    struct Upload: Codable, Sendable { var fileId: String }
    struct Parsed: Codable, Sendable {
        var batches: [[String]]
        var totalRows: Int
    }
    struct Webhook: Codable, Sendable {
        var eventId: String
        var type: String
    }

    @Test("payment to provisioning: verify, provision, wait for payment.confirmed, enable, receipt")
    func paymentToProvisioning() async throws {
        let engine = try TestEngine()
        let stackshift = engine.stackshift
        let effects = SideEffects()
        stackshift.job("provisionAfterPayment") { (ctx: JobContext<Provision>) -> [String: Bool] in
            let payment = try await ctx.step.run("verify-payment") {
                Payment(status: "paid", customerEmail: "ada@example.com")
            }
            guard payment.status == "paid" else { throw JobError("Payment is not complete") }
            try await ctx.step.run("provision-customer-resources") { effects.record("provision") }
            let confirmed: JSONValue? = try await ctx.step.waitForEvent(
                "await-confirmation", event: "payment.confirmed", key: ctx.payload.paymentId, timeout: .hours(24))
            guard confirmed != nil else { throw JobError("payment was never confirmed", retryable: false) }
            try await ctx.step.run("enable-plan") { effects.record("enable") }
            try await ctx.step.run("send-receipt") { effects.record("receipt:\(payment.customerEmail)") }
            let done = try await ctx.state.increment("provisioned:count")
            ctx.log.info("provisioned #\(done)")
            return ["provisioned": true]
        }
        let run = try await stackshift.start(
            "provisionAfterPayment", payload: Provision(paymentId: "pay_123", customerId: "cus_42"),
            options: .init(queue: "billing", idempotencyKey: "provision:pay_123", idempotencyTTL: .days(30)))
        try await engine.withWorker(queues: ["billing"]) {
            try await stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience)
            try await stackshift.sendEvent("payment.confirmed", key: "pay_123", payload: ["amount": 4200])
            #expect(try await stackshift.waitForRun(run.id, timeout: .testPatience).status == .completed)
        }
        #expect(try await stackshift.result(of: run.id, as: [String: Bool].self) == ["provisioned": true])
        #expect(effects.count("provision") == 1, "the wait replayed the handler without repeating the step")
        #expect(effects.count("receipt:ada@example.com") == 1)
        let detail = try #require(try await stackshift.run(run.id))
        #expect(
            detail.steps.map(\.name) == [
                "verify-payment", "provision-customer-resources", "await-confirmation", "enable-plan", "send-receipt",
            ])
        #expect(detail.logs.map(\.message) == ["provisioned #1"])
        #expect(detail.logs.first?.level == .info)
    }

    @Test("file processing: download, parse, import batches counting rows in state, mark complete")
    func fileProcessing() async throws {
        let engine = try TestEngine()
        let stackshift = engine.stackshift
        stackshift.job("processUpload") { (ctx: JobContext<Upload>) -> [String: Int] in
            let file = try await ctx.step.run("download-file") { "a,b\nc,d\ne,f\ng,h\ni,j" }
            let parsed = try await ctx.step.run("parse-file") { () -> Parsed in
                let rows = file.split(separator: "\n").map(String.init)
                return Parsed(
                    batches: stride(from: 0, to: rows.count, by: 2).map { Array(rows[$0..<min($0 + 2, rows.count)]) },
                    totalRows: rows.count)
            }
            for batch in parsed.batches {
                try await ctx.step.run("import-batch") {
                    try await ctx.state.increment("files:\(ctx.payload.fileId):rows", by: Int64(batch.count))
                }
            }
            try await ctx.step.run("mark-complete") {}
            return ["rows": parsed.totalRows]
        }
        let run = try await stackshift.start("processUpload", payload: Upload(fileId: "file_9"))
        let finished = try await engine.withWorker { try await stackshift.waitForRun(run.id, timeout: .testPatience) }
        #expect(finished.status == .completed)
        #expect(try await stackshift.result(of: run.id, as: [String: Int].self) == ["rows": 5])
        #expect(try await stackshift.state.get("files:file_9:rows", as: Int.self) == 5)
    }

    @Test("webhook deduplication: the same Stripe event enqueued twice is processed once")
    func webhookDeduplication() async throws {
        let engine = try TestEngine()
        let stackshift = engine.stackshift
        let effects = SideEffects()
        stackshift.job("processStripeWebhook") { (ctx: JobContext<Webhook>) in
            try await ctx.step.run("apply") { effects.record(ctx.payload.eventId) }
            try await ctx.state.set("webhooks:stripe:\(ctx.payload.eventId)", ["processed": true], ttl: .days(7))
        }
        let event = Webhook(eventId: "evt_123", type: "invoice.paid")
        let first = try await stackshift.queue("webhooks").enqueue(
            "processStripeWebhook", payload: event, options: .init(idempotencyKey: "stripe:\(event.eventId)"))
        let second = try await stackshift.queue("webhooks").enqueue(
            "processStripeWebhook", payload: event, options: .init(idempotencyKey: "stripe:\(event.eventId)"))
        #expect(second.deduplicated && second.id == first.id)
        let finished = try await engine.withWorker(queues: ["webhooks"]) {
            try await stackshift.waitForRun(first.id, timeout: .testPatience)
        }
        #expect(finished.status == .completed)
        #expect(effects.count("evt_123") == 1)
        let marker = try #require(try await stackshift.state.entry("webhooks:stripe:evt_123"))
        #expect(marker.expiresAt != nil)
    }
}
