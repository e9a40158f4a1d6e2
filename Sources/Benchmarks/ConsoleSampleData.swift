import Console
import Foundation
import JobStore

/// What a busy console has loaded — the newest 500 runs of a million-run history, the 8 queues' summaries
/// and a long run detail — and how it moves on: every call to ``advance()`` is a quarter second in which
/// runs start, finish and arrive, and the open run logs a line.
struct ConsoleSampleData {
    /// The runs view's page, as the store returns it: newest first.
    static let pageSize = 500
    /// Concurrency limits by queue; queues not listed are unlimited.
    static let limits = ["emails": 8, "payments": 5, "images": 4, "imports": 2, "reports": 1]
    /// The queue whose workers are held back, shown paused.
    static let pausedQueue = "imports"

    /// The current time.
    private(set) var now: Date
    /// The runs page, newest first.
    private(set) var runs: [RunRecord]
    /// The open run's detail.
    private(set) var detail: RunDetail
    /// The change feed's latest sequence.
    private(set) var sequence: Int64 = 48_213_007
    /// Finished in the last step, for the change feed.
    private(set) var finished: [TimelineEntry] = []
    private let mix: BenchmarkRunMix
    private var nextIndex: Int
    private var steps = 0

    /// The sample at `now`.
    init(now: Date) {
        self.now = now
        mix = BenchmarkRunMix(now: now, count: 1_000_000)
        nextIndex = mix.count
        runs = mix.runs(mix.count - Self.pageSize..<mix.count).reversed()
        // The detail's run stays on the page: one of the newest waiting runs, made long-lived.
        let index = runs.firstIndex { $0.status == .waiting } ?? 3
        detail = Self.detail(of: runs[index], now: now)
        runs[index] = detail.run
    }

    /// The queues view's rows, counted from the page the way the store counts its table.
    var queueSummaries: [QueueSummary] {
        var counts: [String: [RunStatus: Int]] = [:]
        var oldest: [String: Date] = [:]
        for run in runs {
            // The page holds a few minutes; the summary's terminal counts cover an hour.
            counts[run.queue, default: [:]][run.status, default: 0] += run.status.isTerminal ? 12 : 1
            if run.status == .queued { oldest[run.queue] = min(oldest[run.queue] ?? run.createdAt, run.createdAt) }
        }
        return BenchmarkRunMix.queues.map(\.name).sorted().map { name in
            QueueSummary(
                queue: QueueRecord(
                    name: name, concurrencyLimit: Self.limits[name], paused: name == Self.pausedQueue,
                    updatedAt: now.addingTimeInterval(-86_400)),
                counts: counts[name] ?? [:], oldestQueuedAt: oldest[name])
        }
    }

    /// A quarter second passes: a new run arrives every other step, the oldest queued run on the page starts,
    /// the longest running one completes, and the open run logs a line.
    mutating func advance() {
        steps += 1
        now = now.addingTimeInterval(0.25)
        finished = []
        if steps % 2 == 0 {
            var run = mix.run(nextIndex)
            nextIndex += 1
            run.status = .queued
            run.attempt = 0
            run.createdAt = now
            run.updatedAt = now
            runs.insert(run, at: 0)
            runs.removeLast()
        }
        if let index = runs.lastIndex(where: { $0.status == .queued && $0.queue != Self.pausedQueue }) {
            runs[index].status = .running
            runs[index].attempt += 1
            runs[index].startedAt = now
            runs[index].leaseOwner = BenchmarkRunMix.workers[steps % BenchmarkRunMix.workers.count]
            runs[index].leaseExpiresAt = now.addingTimeInterval(30)
            runs[index].currentStep = "step-1"
        }
        if let index = runs.lastIndex(where: { $0.status == .running }) {
            runs[index].status = .completed
            runs[index].finishedAt = now
            runs[index].leaseOwner = nil
            runs[index].currentStep = nil
            runs[index].resultJSON = #"{"ok":true}"#
            sequence += 1
            finished.append(
                TimelineEntry(
                    sequence: sequence, runId: runs[index].id, queue: runs[index].queue, job: runs[index].job,
                    at: now, kind: .completed, status: .completed, attempt: runs[index].attempt))
        }
        let run = detail.run
        detail.logs.append(
            LogRecord(
                id: Int64(detail.logs.count + 1), runId: run.id, attempt: run.attempt, step: "await-confirmation",
                level: .debug,
                message: "still waiting for payment.confirmed key \(run.wait?.eventKey ?? "") "
                    + "(checked \(steps) times)", at: now))
    }

    /// The change feed's entries for the last step, with the queues of the runs they name.
    var changes: ConsoleAction {
        .changesArrived(
            finished, latestSequence: sequence,
            runQueues: Dictionary(finished.map { ($0.runId, $0.queue) }, uniquingKeysWith: { first, _ in first }))
    }

    /// A run that failed once, crashed once and now waits for an event, with a nested payload, six steps,
    /// a long log and its timeline.
    static func detail(of base: RunRecord, now: Date) -> RunDetail {
        let created = now.addingTimeInterval(-4 * 3600)
        let id = base.id
        let error = ErrorDetail(
            type: "ProviderTimeout", message: "provisioning API did not answer within 30s",
            location: "provision-customer-resources")
        var run = base
        run.job = "provisionAfterPayment"
        run.queue = "payments"
        run.status = .waiting
        run.attempt = 3
        run.failures = 2
        run.error = error
        run.createdAt = created
        run.startedAt = created.addingTimeInterval(0.4)
        run.payloadJSON = """
            {"paymentId": "pay_8812", "customer": {"id": "cus_42", "name": "Zoë Müller", "email": "zoe@example.com", \
            "plan": "team", "seats": 12, "tags": ["beta", "eu", "annual"], "address": {"line1": "Hauptstraße 5", \
            "city": "Berlin", "postcode": "10115", "country": "DE"}}, "amount": {"value": 4200, "currency": "EUR"}, \
            "items": [{"sku": "seat", "quantity": 12, "unit": 350}, {"sku": "support-plus", "quantity": 1, \
            "unit": 0}], "trial": false, "coupon": null, "metadata": {"source": "checkout", "campaign": "spring"}}
            """
        run.wait = WaitCondition(
            step: "await-confirmation", eventName: "payment.confirmed", eventKey: "pay_8812",
            until: created.addingTimeInterval(86_400), since: created.addingTimeInterval(120))
        let attempts = [
            AttemptRecord(
                runId: id, number: 1, workerId: "w-api-7f3c", startedAt: created.addingTimeInterval(0.4),
                endedAt: created.addingTimeInterval(32.6), outcome: .failed, error: error),
            AttemptRecord(
                runId: id, number: 2, workerId: "w-api-91aa", startedAt: created.addingTimeInterval(34.8),
                endedAt: created.addingTimeInterval(67), outcome: .crashed,
                error: ErrorDetail(type: "LeaseExpired", message: "worker w-api-91aa stopped heartbeating")),
            AttemptRecord(
                runId: id, number: 3, workerId: "w-api-7f3c", startedAt: created.addingTimeInterval(68.5),
                endedAt: created.addingTimeInterval(120), outcome: .suspended),
        ]
        let names = ["verify-payment", "reserve-seats", "provision-customer-resources", "send-welcome-email"]
        var steps = names.enumerated().map { offset, name in
            StepRecord(
                runId: id, name: name, status: .completed, attempt: offset < 2 ? 1 : 3, failures: offset == 2 ? 1 : 0,
                startedAt: created.addingTimeInterval(offset < 2 ? 1 + Double(offset) * 5 : 70 + Double(offset) * 10),
                endedAt: created.addingTimeInterval(offset < 2 ? 4 + Double(offset) * 5 : 78 + Double(offset) * 10),
                resultJSON: #"{"step":"\#(name)","ok":true}"#, error: offset == 2 ? error : nil)
        }
        steps.append(
            StepRecord(
                runId: id, name: "await-confirmation", kind: .waitForEvent, status: .waiting, attempt: 3,
                startedAt: created.addingTimeInterval(120), eventName: "payment.confirmed", eventKey: "pay_8812",
                until: run.wait?.until))
        var timeline = [TimelineEntry(sequence: 1, runId: id, at: created, kind: .created, status: .queued)]
        let events: [(TimeInterval, TimelineKind, RunStatus, Int, String?)] = [
            (0.4, .started, .running, 1, nil), (4, .stepCompleted, .running, 1, "verify-payment"),
            (9, .stepCompleted, .running, 1, "reserve-seats"),
            (32.6, .stepFailed, .running, 1, "provision-customer-resources"),
            (32.6, .retryScheduled, .scheduled, 1, nil),
            (34.8, .started, .running, 2, nil), (67, .crashed, .queued, 2, nil), (68.5, .started, .running, 3, nil),
            (98, .stepCompleted, .running, 3, "provision-customer-resources"),
            (108, .stepCompleted, .running, 3, "send-welcome-email"),
            (120, .waitingForEvent, .waiting, 3, "await-confirmation"),
        ]
        for (offset, event) in events.enumerated() {
            timeline.append(
                TimelineEntry(
                    sequence: Int64(offset + 2), runId: id, queue: run.queue, job: run.job,
                    at: created.addingTimeInterval(event.0), kind: event.1, status: event.2, attempt: event.3,
                    step: event.4, message: "\(event.1.rawValue) \(event.4 ?? "")"))
        }
        let levels: [LogLevel] = [.info, .debug, .info, .notice, .warning, .info, .debug, .error]
        let logs = (0..<150).map { (line: Int) -> LogRecord in
            let attempt = line < 60 ? 1 : (line < 100 ? 2 : 3)
            let workspace = line * 7 % 991
            let message = "line \(line): provisioning workspace ws_\(workspace) for cus_42 (12 seats, région EU)"
            return LogRecord(
                id: Int64(line + 1), runId: id, attempt: attempt, step: names[line % names.count],
                level: levels[line % levels.count], message: message, at: created.addingTimeInterval(Double(line) * 0.8)
            )
        }
        return RunDetail(run: run, attempts: attempts, steps: steps, logs: logs, timeline: timeline)
    }
}
