import Foundation
import YAMLFiles

/// The faults a scenario plants for an on-call engineer to find; each is absent (not planted) by default.
public struct Faults: Sendable, Hashable, Decodable {
    /// A queue paused at start: its runs pile up `queued`.
    public var pausedQueue: DemoQueue?
    /// Payments whose `payment.confirmed` webhook arrives with the key's case changed (`PAY_…` for
    /// `pay_…`): the run stays `waiting` next to an unconsumed near-miss event.
    public var wrongKeyWebhook: WrongKeyWebhookFault?
    /// A provider that fails most calls for a while: runs exhaust their retries and fail.
    public var flakyProvider: FlakyProviderFault?
    /// A worker that claims runs and dies without heartbeating: its leases expire, the runs are recovered
    /// and the attempts show `crashed`.
    public var crashedWorker: CrashedWorkerFault?
    /// A search-index rebuild that crashed holding its lock: later rebuilds cannot take it.
    public var lockHeldByCrashedRun: OrphanedLockFault?

    /// Creates a fault set with nothing planted.
    public init() {}

    /// Whether nothing is planted.
    public var isEmpty: Bool {
        pausedQueue == nil && wrongKeyWebhook == nil && flakyProvider == nil && crashedWorker == nil
            && lockHeldByCrashedRun == nil
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case pausedQueue, wrongKeyWebhook, flakyProvider, crashedWorker, lockHeldByCrashedRun
    }

    /// Decodes strictly, refusing combinations that would hide one planted fault behind another.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        pausedQueue = try fields.choice(.pausedQueue, as: DemoQueue.self)
        wrongKeyWebhook = try fields.optional(.wrongKeyWebhook)
        flakyProvider = try fields.optional(.flakyProvider)
        crashedWorker = try fields.optional(.crashedWorker)
        lockHeldByCrashedRun = try fields.optional(.lockHeldByCrashedRun)
        let flakyPayments = flakyProvider.map { $0.provider != .mail } ?? false
        if pausedQueue == .payments, wrongKeyWebhook != nil || flakyPayments {
            // Those runs must reach their wait or their provider calls; a paused queue would stop them first.
            throw fields.problem(
                .pausedQueue, "cannot pause payments while wrongKeyWebhook or a payments flakyProvider is planted")
        }
        if pausedQueue == .imports, crashedWorker != nil {
            // Recovered runs would only pile up in the paused queue instead of showing their second attempt.
            throw fields.problem(.pausedQueue, "cannot pause imports while crashedWorker is planted")
        }
        if pausedQueue == .emails, flakyProvider?.provider == .mail {
            throw fields.problem(.pausedQueue, "cannot pause emails while the mail provider is the flaky one")
        }
    }
}

/// Webhooks sent with a correlation key that differs from the payment id only by case.
public struct WrongKeyWebhookFault: Sendable, Hashable, Decodable {
    /// How many payments get a wrong-key webhook.
    public var runs: Int = 1

    /// Creates the fault.
    public init(runs: Int = 1) {
        self.runs = runs
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case runs
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        runs = try fields.integer(.runs, default: 1, in: 1...20)
    }
}

/// A provider outage: for `lasts` of demo time from the start, calls fail with `failureProbability`.
public struct FlakyProviderFault: Sendable, Hashable, Decodable {
    /// Which provider.
    public var provider: SimulatedProvider = .provisioning
    /// The share of calls that fail during the outage.
    public var failureProbability: Double = 0.9
    /// How long the outage lasts, from the start of the demo; afterwards a retry succeeds.
    public var lasts = DemoDuration.minutes(20)
    /// Runs started at once against the provider, so failures show early.
    public var runs: Int = 3

    /// Creates the fault.
    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case provider, failureProbability, lasts, runs
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        provider = try fields.choice(.provider, as: SimulatedProvider.self) ?? provider
        failureProbability = try fields.probability(.failureProbability, default: failureProbability)
        lasts = try fields.value(.lasts, default: lasts)
        runs = try fields.integer(.runs, default: runs, in: 0...50)
    }
}

/// A worker that dies holding leases on upload runs.
public struct CrashedWorkerFault: Sendable, Hashable, Decodable {
    /// How many upload runs it claims before dying.
    public var runs: Int = 3
    /// How long its leases last before other workers may recover the runs (demo time).
    public var lease = DemoDuration.seconds(45)
    /// The dead worker's id, as the Workers view shows it.
    public var workerId = "ip-10-0-3-17:4812:w_7f3a"

    /// Creates the fault.
    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case runs, lease, workerId
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        runs = try fields.integer(.runs, default: runs, in: 1...50)
        lease = try fields.value(.lease, default: lease)
        guard lease.seconds > 0 else { throw fields.problem(.lease, "must be above 0") }
        workerId = try fields.text(.workerId, default: workerId) ?? workerId
    }
}

/// A lock left behind by a search-index rebuild whose worker crashed.
public struct OrphanedLockFault: Sendable, Hashable, Decodable {
    /// How long the abandoned lock lasts (demo time): far longer than any rebuild should hold it.
    public var ttl = DemoDuration.hours(2)

    /// Creates the fault.
    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case ttl
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        ttl = try fields.value(.ttl, default: ttl)
        guard ttl.seconds > 0 else { throw fields.problem(.ttl, "must be above 0") }
    }
}
