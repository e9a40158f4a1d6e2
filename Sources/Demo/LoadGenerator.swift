import DurableJobs
import Foundation
import JobStore
import Logging

/// Starts runs at a steady, adjustable rate per flow (runs per demo-minute), sends each payment's
/// `payment.confirmed` webhook after a realistic delay, repeats some sign-ups (the idempotency key
/// absorbs them), cancels some scheduled uploads and fires the cleanup schedule, all through the public
/// engine API (the schedule through the store).
///
/// What is generated comes from a seeded ``TrafficModel``; when it happens follows the demo's pace: rates
/// and delays are scenario time, converted to real time by a ``DemoPace``.
public actor LoadGenerator {
    /// Something the generator must do later.
    private enum Action: Sendable {
        case webhook(PaymentArrival)
        case resend(VerificationEmail)
        case cancel(RunID, fileName: String)
    }

    private let stackshift: StackShift
    private let pace: DemoPace
    private let logger: Logger
    private let problems: ProblemLog
    private var traffic: TrafficModel
    private var rates: [DemoFlow: Double]
    /// Fractional runs owed per flow; a run starts each time a flow's credit reaches one.
    private var credit: [DemoFlow: Double]
    /// Actions due at a real instant, soonest first.
    private var pending: [(due: ContinuousClock.Instant, action: Action)] = []
    private var lastTick: ContinuousClock.Instant?
    private let cleanup: CleanupSchedule
    /// When the cleanup schedule fires next (wall clock, as the store keeps it).
    private var cleanupDue: Date
    private var loop: Task<Void, Never>?
    private var stats = LoadStats()

    /// How often the generator looks at the clock, in real time.
    static let tick = Duration.milliseconds(50)

    init(
        stackshift: StackShift, pace: DemoPace, cleanup: CleanupSchedule, cleanupDue: Date, scenario: Scenario,
        seed: UInt64, logger: Logger, problems: ProblemLog
    ) {
        self.stackshift = stackshift
        self.pace = pace
        self.cleanup = cleanup
        self.cleanupDue = cleanupDue
        self.logger = logger
        self.problems = problems
        traffic = TrafficModel(seed: seed, scenario: scenario)
        rates = [
            .signups: scenario.signups.perMinute, .payments: scenario.payments.perMinute,
            .uploads: scenario.uploads.perMinute, .searchRebuilds: scenario.searchRebuilds.perMinute,
        ]
        // Every flow with traffic starts one run at once, so a fresh demo shows all of them immediately.
        credit = rates.mapValues { $0 > 0 ? 1 : 0 }
    }

    /// Starts generating (again) from now.
    public func start() {
        guard loop == nil else { return }
        lastTick = .now
        loop = Task { await self.run() }
    }

    /// Stops generating and waits for the current tick to finish. Pending webhooks are not sent.
    public func stop() async {
        guard let loop else { return }
        loop.cancel()
        self.loop = nil
        await loop.value
    }

    /// Sets a flow's rate in runs per demo-minute (0 stops it); takes effect from the next tick.
    public func setRate(_ flow: DemoFlow, perMinute: Double) {
        rates[flow] = max(0, perMinute.isFinite ? perMinute : 0)
    }

    /// A flow's rate in runs per demo-minute.
    public func rate(_ flow: DemoFlow) -> Double { rates[flow, default: 0] }

    /// What has been generated so far.
    public var statistics: LoadStats { stats }

    private func run() async {
        while !Task.isCancelled {
            await step(now: .now)
            try? await Task.sleep(for: Self.tick)
        }
    }

    /// One tick: start the runs the rates owe up to `now`, then do the due webhooks, resends and cancels,
    /// and fire the cleanup schedule when it is due.
    func step(now: ContinuousClock.Instant) async {
        // Rates are per minute of scenario time: the real time since the last tick, at the demo's pace.
        let minutes = max(0, pace.scenario(now - (lastTick ?? now)).timeInterval) / 60
        lastTick = now
        for flow in DemoFlow.allCases {
            // Capped, so a stall (a busy database, a suspended laptop) does not end in a burst.
            credit[flow] = min(credit[flow, default: 0] + minutes * rates[flow, default: 0], 10)
            while credit[flow, default: 0] >= 1 {
                credit[flow, default: 0] -= 1
                await launch(flow, now: now)
            }
        }
        while let next = pending.first, next.due <= now {
            pending.removeFirst()
            await perform(next.action)
        }
        let wallClock = stackshift.clock.now()
        if cleanupDue <= wallClock {
            let due = cleanupDue
            let next = await attempt("fire the \(DemoJobs.cleanupSchedule) schedule") {
                try await self.cleanup.fire(due: due, now: wallClock)
            }
            if let next { cleanupDue = next }
        }
    }

    private func later(_ delay: DemoDuration, from now: ContinuousClock.Instant, _ action: Action) {
        let due = now + pace.real(delay)
        let index = pending.firstIndex { $0.due > due } ?? pending.endIndex
        pending.insert((due, action), at: index)
    }

    private func launch(_ flow: DemoFlow, now: ContinuousClock.Instant) async {
        switch flow {
        case .signups:
            let arrival = traffic.nextSignup()
            await startVerification(arrival.email)
            if let after = arrival.resendAfter { later(after, from: now, .resend(arrival.email)) }
        case .payments:
            let arrival = traffic.nextPayment()
            let order = arrival.payment
            let options = StartOptions(idempotencyKey: "provision:\(order.paymentId)")
            let started = await attempt("start provisioning for \(order.paymentId)") {
                try await self.stackshift.start(
                    DemoJob.provisionAfterPayment.rawValue, payload: order, options: options)
            }
            guard started != nil else { return }
            stats.started[.payments, default: 0] += 1
            later(arrival.webhookDelay, from: now, .webhook(arrival))
        case .uploads:
            let arrival = traffic.nextUpload()
            for file in arrival.files {
                let options = StartOptions(
                    idempotencyKey: "upload:\(file.fileId)", delay: arrival.delay.map { pace.real($0) })
                let started = await attempt("start the import of \(file.fileName)") {
                    try await self.stackshift.start(DemoJob.processUpload.rawValue, payload: file, options: options)
                }
                guard let started else { continue }
                stats.started[.uploads, default: 0] += 1
                if let after = arrival.cancelAfter {
                    later(after, from: now, .cancel(started.id, fileName: file.fileName))
                }
            }
        case .searchRebuilds:
            let request = traffic.nextSearchRebuild()
            let started = await attempt("start a search index rebuild") {
                try await self.stackshift.start(DemoJob.rebuildSearchIndex.rawValue, payload: request)
            }
            if started != nil { stats.started[.searchRebuilds, default: 0] += 1 }
        }
    }

    private func startVerification(_ email: VerificationEmail) async {
        // As in the docs' signup flow: enqueue on `emails`, idempotent per user for 30 days (of scenario time).
        let options = StartOptions(
            idempotencyKey: DemoJobs.verificationKey(email.userId),
            idempotencyTTL: pace.real(DemoDuration.hours(30 * 24)))
        let emails = stackshift.queue(DemoQueue.emails.rawValue)
        let started = await attempt("send the verification email of \(email.userId)") {
            try await emails.enqueue(DemoJob.sendVerificationEmail.rawValue, payload: email, options: options)
        }
        guard let started else { return }
        if started.deduplicated {
            stats.deduplicated += 1
        } else {
            stats.started[.signups, default: 0] += 1
        }
    }

    private func perform(_ action: Action) async {
        switch action {
        case .webhook(let arrival):
            let key = arrival.payment.paymentId
            let sent = await attempt("send \(DemoJobs.paymentConfirmed) for \(key)") {
                try await self.stackshift.sendEvent(DemoJobs.paymentConfirmed, key: key, payload: arrival.confirmation)
            }
            if sent != nil { stats.webhooksSent += 1 }
        case .resend(let email):
            await startVerification(email)
        case .cancel(let runId, let fileName):
            // The user may cancel only what has not started; a run already underway is left alone.
            guard let run = try? await stackshift.run(runId)?.run, run.status == .scheduled else { return }
            let result = await attempt("cancel \(runId)") {
                try await self.stackshift.cancel(runId, reason: "the user canceled the scheduled import of \(fileName)")
            }
            if case .canceled = result { stats.canceled += 1 }
        }
    }

    /// Runs one engine call; a failure is logged and counted, never fatal to the generator.
    private func attempt<T: Sendable>(_ what: String, _ call: @Sendable () async throws -> T) async -> T? {
        do {
            return try await call()
        } catch {
            stats.failures += 1
            let message = "load generator could not \(what): \(error)"
            logger.error("\(message)")
            problems.record(message, cause: error)
            return nil
        }
    }
}
