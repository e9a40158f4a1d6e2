import DurableJobs
import Foundation
import JobStore

/// Plants a scenario's faults before the workers start.
///
/// Faults in the engine's normal paths are made with the public API (pause a queue, start runs, send a
/// webhook with the wrong key). A dead worker cannot be made that way — the engine's own workers always
/// heartbeat — so it is simulated on the store: runs are claimed under a fake worker id that never
/// heartbeats again, exactly what a killed process leaves behind.
struct FaultPlanter {
    let stackshift: StackShift
    let store: any JobStore
    let pace: DemoPace
    let faults: Faults
    let providers: SimulatedProviders
    /// Draws the planted runs' payloads; separate from the traffic's streams so planting changes no traffic.
    var random: SeededGenerator

    init(stackshift: StackShift, store: any JobStore, providers: SimulatedProviders) {
        self.stackshift = stackshift
        self.store = store
        self.pace = providers.pace
        self.faults = providers.scenario.faults
        self.providers = providers
        random = StableHash.generator(["faults"], seed: providers.seed)
    }

    /// Plants every fault the scenario names and says where each one is.
    mutating func plant() async throws -> PlantedFaults {
        var planted = PlantedFaults()
        if let queue = faults.pausedQueue {
            try await stackshift.queue(queue.rawValue).pause()
            planted.pausedQueue = queue
        }
        if faults.crashedWorker != nil || faults.lockHeldByCrashedRun != nil {
            try await plantDeadWorker(into: &planted)
        }
        if let wrongKey = faults.wrongKeyWebhook {
            for _ in 0..<wrongKey.runs { planted.wrongKeyWaits.append(try await plantWrongKeyWebhook()) }
        }
        if let flaky = faults.flakyProvider {
            planted.flakyProvider = flaky.provider
            planted.flakyUntil = pace.date(after: flaky.lasts)
            for _ in 0..<flaky.runs { planted.flakyRuns.append(try await startAgainst(flaky.provider)) }
        }
        return planted
    }

    // MARK: Webhooks

    /// A payment whose verification passes on the first try, so its run reaches the wait.
    private mutating func payableOrder() -> PaymentProvisioning {
        while true {
            let order = PayloadFactory.payment(&random)
            let id = order.paymentId
            if !providers.isDeclined(id), !providers.isPending(id, attempt: 1),
                !providers.fails(.payments, normally: 0, entity: id, attempt: 1, call: "verify")
            {
                return order
            }
        }
    }

    private mutating func plantWrongKeyWebhook() async throws -> PlantedFaults.WrongKeyWait {
        let order = payableOrder()
        let run = try await stackshift.start(
            DemoJob.provisionAfterPayment.rawValue, payload: order,
            options: StartOptions(idempotencyKey: "provision:\(order.paymentId)"))
        // The processor's webhook spells the id in capitals: the same payment, a key that never matches.
        let sentKey = order.paymentId.uppercased()
        let body = PayloadFactory.confirmation(for: order, key: sentKey, random: &random)
        try await stackshift.sendEvent(DemoJobs.paymentConfirmed, key: sentKey, payload: body)
        return PlantedFaults.WrongKeyWait(runId: run.id, paymentId: order.paymentId, sentKey: sentKey)
    }

    private mutating func startAgainst(_ provider: SimulatedProvider) async throws -> RunID {
        switch provider {
        case .mail:
            let email = PayloadFactory.verificationEmail(&random)
            return try await stackshift.queue(DemoQueue.emails.rawValue).enqueue(
                DemoJob.sendVerificationEmail.rawValue, payload: email,
                options: StartOptions(idempotencyKey: DemoJobs.verificationKey(email.userId))
            ).id
        case .payments, .provisioning:
            let order = provider == .payments ? PayloadFactory.payment(&random) : payableOrder()
            let run = try await stackshift.start(
                DemoJob.provisionAfterPayment.rawValue, payload: order,
                options: StartOptions(idempotencyKey: "provision:\(order.paymentId)"))
            // The webhook is already in, so the runs go straight on to the failing provider.
            let body = PayloadFactory.confirmation(for: order, key: order.paymentId, random: &random)
            try await stackshift.sendEvent(DemoJobs.paymentConfirmed, key: order.paymentId, payload: body)
            return run.id
        }
    }
}
