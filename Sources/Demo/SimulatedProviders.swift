import DurableJobs
import Foundation

/// The simulated outside world: the mail provider, the payment processor and the provisioning API,
/// with their latencies and failures.
///
/// Every outcome is a pure function of the seed and the call's identity (provider, entity id, attempt),
/// never of timing or call order, so the same seed fails the same calls however runs interleave.
struct SimulatedProviders: Sendable {
    /// Simulated work, each with a realistic range of durations in scenario time.
    enum Work: String, Sendable {
        case renderTemplate, sendEmail, verifyPayment, provision, enablePlan, sendReceipt
        case download, parse, importBatch, markComplete, purge, compact, snapshot, rebuildShard, swapAlias

        /// The shortest and longest it takes, in scenario seconds.
        var seconds: ClosedRange<Double> {
            switch self {
            case .renderTemplate: 0.05...0.2
            case .sendEmail: 0.3...1.5
            case .verifyPayment: 0.3...1.2
            case .provision: 2...8
            case .enablePlan: 0.2...0.6
            case .sendReceipt: 0.3...1.2
            case .download: 1...4
            case .parse: 0.5...2
            case .importBatch: 0.4...1.2
            case .markComplete: 0.1...0.3
            case .purge: 0.5...2
            case .compact: 1...3
            case .snapshot: 2...5
            case .rebuildShard: 2...6
            case .swapAlias: 0.2...0.5
            }
        }
    }

    let seed: UInt64
    let scenario: Scenario
    /// Converts the work's scenario durations (and the outage's window) into real time.
    let pace: DemoPace

    /// How long `work` takes for this entity and attempt, in scenario time.
    func duration(_ work: Work, entity: String, attempt: Int) -> Duration {
        let unit = StableHash.unit(["work", work.rawValue, entity, "\(attempt)"], seed: seed)
        let range = work.seconds
        let seconds = (range.lowerBound + (range.upperBound - range.lowerBound) * unit) * scenario.workScale
        return .milliseconds(Int64(saturating: seconds * 1000))
    }

    /// Does `work` for this entity: sleeps its duration at the demo's pace. Throws when the run is cancelled.
    func perform(_ work: Work, entity: String, attempt: Int) async throws {
        try await pace.sleep(for: duration(work, entity: entity, attempt: attempt))
    }

    /// The failure probability of a provider now: the scenario's, or the planted outage's while it lasts.
    func failureProbability(_ provider: SimulatedProvider, normally: Double) -> Double {
        guard let outage = scenario.faults.flakyProvider, outage.provider == provider,
            !pace.hasPassed(outage.lasts)
        else { return normally }
        return max(normally, outage.failureProbability)
    }

    /// Whether this call fails transiently.
    func fails(_ provider: SimulatedProvider, normally: Double, entity: String, attempt: Int, call: String) -> Bool {
        let probability = failureProbability(provider, normally: normally)
        return StableHash.unit(["fail", provider.rawValue, call, entity, "\(attempt)"], seed: seed) < probability
    }

    // MARK: The mail provider

    /// Sends an email, or throws the provider's transient error.
    func sendEmail(to address: String, entity: String, attempt: Int, call: String) async throws -> EmailReceipt {
        try await perform(call == "receipt" ? .sendReceipt : .sendEmail, entity: entity, attempt: attempt)
        if fails(.mail, normally: scenario.signups.mailFailureProbability, entity: entity, attempt: attempt, call: call)
        {
            let answer =
                StableHash.unit(["answer", entity, "\(attempt)"], seed: seed) < 0.5
                ? "503 Service Unavailable" : "421 too many connections, try again later"
            throw ProviderError(provider: .mail, message: "mail provider answered \(answer)")
        }
        let messageId = "msg_" + StableHash.token(["message", call, entity], seed: seed, count: 12)
        return EmailReceipt(messageId: messageId, to: address)
    }

    // MARK: The payment processor

    /// Whether this payment is declined: a property of the payment, the same on every attempt.
    func isDeclined(_ paymentId: String) -> Bool {
        StableHash.unit(["declined", paymentId], seed: seed) < scenario.payments.declinedProbability
    }

    /// Whether `verify-payment` finds this payment still pending on this attempt.
    func isPending(_ paymentId: String, attempt: Int) -> Bool {
        StableHash.unit(["pending", paymentId, "\(attempt)"], seed: seed) < scenario.payments.pendingProbability
    }

    /// Asks the processor about a payment: paid or declined, or throws while it is pending or unreachable.
    func verifyPayment(_ payment: PaymentProvisioning, attempt: Int) async throws -> PaymentVerification {
        let id = payment.paymentId
        try await perform(.verifyPayment, entity: id, attempt: attempt)
        if fails(.payments, normally: 0, entity: id, attempt: attempt, call: "verify") {
            throw ProviderError(
                provider: .payments, message: "payment processor timed out after 10s (GET /v1/payments/\(id))")
        }
        if isPending(id, attempt: attempt) {
            throw ProviderError(provider: .payments, message: "payment \(id) is still pending at the processor")
        }
        var random = StableHash.generator(["customer", payment.customerId], seed: seed)
        let email = PayloadFactory.verificationEmail(&random).email
        return PaymentVerification(
            paymentId: id, status: isDeclined(id) ? "declined" : "paid", customerEmail: email,
            amountCents: payment.amountCents)
    }

    // MARK: The provisioning API

    /// Creates a customer's workspace, or throws the API's transient error.
    func provision(_ payment: PaymentProvisioning, attempt: Int) async throws -> ProvisionedResources {
        let id = payment.customerId
        try await perform(.provision, entity: id, attempt: attempt)
        let normally = scenario.payments.provisioningFailureProbability
        if fails(.provisioning, normally: normally, entity: id, attempt: attempt, call: "provision") {
            throw ProviderError(
                provider: .provisioning,
                message: "provisioning API answered 502 Bad Gateway (POST /v2/workspaces for \(id))")
        }
        var random = StableHash.generator(["workspace", id], seed: seed)
        return ProvisionedResources(
            workspaceId: "ws_" + random.token(8), region: random.pick(["eu-west-1", "us-east-1", "ap-south-1"]),
            databaseId: "db_" + random.token(8))
    }

    // MARK: Files

    /// What downloading a file yields: a pure function of the upload, so a crashed worker's stored result
    /// and a live download agree.
    func downloaded(_ upload: FileUpload) -> DownloadedFile {
        DownloadedFile(
            fileId: upload.fileId, storageKey: "uploads/\(upload.customerId)/\(upload.fileId).csv",
            bytes: upload.sizeBytes)
    }

    /// What parsing a file yields: rows cut into batches of at most 1000; throws for a malformed file.
    func parse(_ upload: FileUpload) throws -> ParsedFile {
        if StableHash.unit(["malformed", upload.fileId], seed: seed) < scenario.uploads.malformedProbability {
            let line = 2 + Int(StableHash.of(["line", upload.fileId], seed: seed) % 4000)
            throw MalformedFileError(message: "\(upload.fileName) line \(line): expected 7 columns, found 6")
        }
        let rows = max(1, upload.sizeBytes / 120)
        let batches = stride(from: 0, to: rows, by: 1000).map { min(1000, rows - $0) }
        return ParsedFile(totalRows: rows, batches: batches)
    }
}
