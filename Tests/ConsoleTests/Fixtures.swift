import Console
import Foundation
import JobStore
import Testing

/// Fixed data and a fixed clock for reducer tests and view snapshots.
enum Fixtures {
    /// 2025-03-14 12:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_741_953_600)

    static func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }

    /// A run id as the store makes them: ten characters of creation time, then a fixed "random" tail.
    static func runId(_ created: Date, _ tail: String) -> RunID {
        "run_" + Identifier.timePart(created) + tail
    }

    static func queue(
        _ name: String, limit: Int?, paused: Bool = false, counts: [RunStatus: Int], oldest: TimeInterval? = nil
    ) -> QueueSummary {
        QueueSummary(
            queue: QueueRecord(name: name, concurrencyLimit: limit, paused: paused, updatedAt: ago(86_400)),
            counts: counts, oldestQueuedAt: oldest.map(ago))
    }

    static let queues: [QueueSummary] = [
        queue(
            "emails", limit: 8, counts: [.queued: 12, .scheduled: 3, .running: 8, .failed: 2, .completed: 1284],
            oldest: 95),
        queue("payments", limit: 5, counts: [.running: 2, .waiting: 4, .failed: 1, .completed: 212]),
        queue("imports", limit: 2, paused: true, counts: [.queued: 37, .completed: 9], oldest: 1_090),
        queue("webhooks", limit: nil, counts: [.queued: 1, .running: 3, .completed: 5870], oldest: 2),
        queue("reports-nightly-aggregation", limit: 1, counts: [.scheduled: 1, .completed: 1]),
    ]

    static func run(
        _ suffix: String, job: String, queue: String, status: RunStatus, created: TimeInterval, attempt: Int = 1,
        maxAttempts: Int = 5, finishedAfter: TimeInterval? = nil, step: String? = nil, error: ErrorDetail? = nil,
        result: String? = nil, key: String? = nil, runIn: TimeInterval? = nil, wait: WaitCondition? = nil,
        failures: Int? = nil
    ) -> RunRecord {
        let createdAt = ago(created)
        // By default every attempt before the last failed, and a failed run's last one too.
        let failures = failures ?? (status == .failed ? attempt : max(0, attempt - 1))
        return RunRecord(
            id: runId(createdAt, suffix), job: job, queue: queue, status: status, payloadJSON: "{\"n\":1}",
            resultJSON: result, error: error, attempt: attempt, failures: failures, maxAttempts: maxAttempts,
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts), idempotencyKey: key, createdAt: createdAt,
            updatedAt: createdAt, runAt: runIn.map { now.addingTimeInterval($0) },
            startedAt: status == .queued && attempt == 0 ? nil : createdAt.addingTimeInterval(0.4),
            finishedAt: finishedAfter.map { createdAt.addingTimeInterval($0) },
            leaseOwner: status == .running ? "w-api-7f3c" : nil,
            leaseExpiresAt: status == .running ? now.addingTimeInterval(25) : nil, currentStep: step, wait: wait)
    }

    /// Runs newest first, as the store returns them (ids sort by creation).
    static let runs: [RunRecord] = [
        run(
            "m9s346q3d2", job: "sendVerificationEmail", queue: "emails", status: .running, created: 3,
            step: "render-template", key: "verify:user_8812"),
        run(
            "f5v37e3s3e", job: "provisionAfterPayment", queue: "payments", status: .waiting, created: 251, attempt: 3,
            key: "pay_123",
            wait: WaitCondition(
                step: "await-confirmation", eventName: "payment.confirmed", eventKey: "pay_123",
                until: now.addingTimeInterval(86_000), since: ago(182))),
        run(
            "97kb6cq643", job: "chargeCard", queue: "payments", status: .failed, created: 420, attempt: 5,
            finishedAfter: 61,
            error: ErrorDetail(
                type: "ProviderError",
                message:
                    "card_declined: the issuing bank refused the charge (code 05, do not honour); contact the customer",
                location: "charge")),
        run(
            "xxqkfbf5kz", job: "sendVerificationEmail", queue: "emails", status: .scheduled, created: 40, attempt: 2,
            error: ErrorDetail(type: "SMTPError", message: "421 try again later"), runIn: 12),
        run("7tan9zt24m", job: "导入客户数据", queue: "imports", status: .queued, created: 1_090, attempt: 0),
        run(
            "45hy43kwjr", job: "sendVerificationEmail", queue: "emails", status: .completed, created: 600,
            finishedAfter: 1.3,
            result: "{\"messageId\": \"msg_8812\", \"accepted\": true}", key: "verify:user_8811"),
        run("a7z3dj8fss", job: "syncCRM", queue: "webhooks", status: .canceled, created: 900, finishedAfter: 4),
        run(
            "sh8vhtpre9", job: "nightlyReport", queue: "reports-nightly-aggregation", status: .scheduled,
            created: 7_200, attempt: 0, runIn: 43_200),
        run("e0zbgj09tq", job: "resizeImage", queue: "webhooks", status: .running, created: 15, step: "upload-s3"),
        run(
            "ssss6ys3c4", job: "chargeCard", queue: "payments", status: .completed, created: 3_000, finishedAfter: 0.82,
            result: "{\"charged\":4200}"),
        run(
            "n36096q14d", job: "sendVerificationEmail", queue: "emails", status: .failed, created: 3_600, attempt: 1,
            maxAttempts: 1, finishedAfter: 2,
            error: ErrorDetail(type: "JobError", message: "Template 'welcome-v2' not found", retryable: false)),
        run("qy77zxyyk5", job: "importContacts", queue: "imports", status: .queued, created: 1_000, attempt: 0),
    ]

    /// A run that failed once, crashed once and now waits for an event.
    static var detail: RunDetail {
        let id = runs[1].id
        let created = ago(251)
        var run = runs[1]
        run.payloadJSON = """
            {"paymentId": "pay_123", "customer": {"id": "cus_42", "name": "Zoë Müller", "plan": "team", "seats": 12, \
            "tags": ["beta", "eu"]}, "amount": {"value": 4200, "currency": "EUR"}, "trial": false, "coupon": null}
            """
        run.error = ErrorDetail(
            type: "ProviderTimeout", message: "provisioning API did not answer within 30s",
            location: "provision-customer-resources")
        let attempts = [
            AttemptRecord(
                runId: id, number: 1, workerId: "w-api-7f3c", startedAt: created.addingTimeInterval(0.4),
                endedAt: created.addingTimeInterval(32.6), outcome: .failed,
                error: run.error),
            AttemptRecord(
                runId: id, number: 2, workerId: "w-api-91aa", startedAt: created.addingTimeInterval(34.8),
                endedAt: created.addingTimeInterval(67), outcome: .crashed,
                error: ErrorDetail(type: "LeaseExpired", message: "worker w-api-91aa stopped heartbeating")),
            AttemptRecord(
                runId: id, number: 3, workerId: "w-api-7f3c", startedAt: created.addingTimeInterval(68.5),
                endedAt: created.addingTimeInterval(69), outcome: .suspended),
        ]
        let steps = [
            StepRecord(
                runId: id, name: "verify-payment", status: .completed, attempt: 1,
                startedAt: created.addingTimeInterval(0.5), endedAt: created.addingTimeInterval(1.6),
                resultJSON: "{\"status\":\"paid\"}"),
            StepRecord(
                runId: id, name: "provision-customer-resources", status: .completed, attempt: 3, failures: 1,
                startedAt: created.addingTimeInterval(68.6), endedAt: created.addingTimeInterval(68.9)),
            StepRecord(
                runId: id, name: "await-confirmation", kind: .waitForEvent, status: .waiting, attempt: 3,
                startedAt: created.addingTimeInterval(69),
                eventName: "payment.confirmed", eventKey: "pay_123", until: now.addingTimeInterval(86_000)),
        ]
        let timeline = [
            TimelineEntry(sequence: 101, runId: id, at: created, kind: .created, status: .queued),
            TimelineEntry(
                sequence: 102, runId: id, at: created.addingTimeInterval(0.4), kind: .started, status: .running,
                attempt: 1),
            TimelineEntry(
                sequence: 103, runId: id, at: created.addingTimeInterval(1.6), kind: .stepCompleted, status: .running,
                attempt: 1, step: "verify-payment"),
            TimelineEntry(
                sequence: 104, runId: id, at: created.addingTimeInterval(32.6), kind: .stepFailed, status: .running,
                attempt: 1, step: "provision-customer-resources", message: "ProviderTimeout: no answer within 30s"),
            TimelineEntry(
                sequence: 105, runId: id, at: created.addingTimeInterval(32.6), kind: .retryScheduled,
                status: .scheduled, attempt: 1),
            TimelineEntry(
                sequence: 106, runId: id, at: created.addingTimeInterval(34.8), kind: .started, status: .running,
                attempt: 2),
            TimelineEntry(
                sequence: 107, runId: id, at: created.addingTimeInterval(67), kind: .crashed, status: .queued,
                attempt: 2),
            TimelineEntry(
                sequence: 108, runId: id, at: created.addingTimeInterval(68.5), kind: .started, status: .running,
                attempt: 3),
            TimelineEntry(
                sequence: 109, runId: id, at: created.addingTimeInterval(68.9), kind: .stepCompleted, status: .running,
                attempt: 3, step: "provision-customer-resources"),
            TimelineEntry(
                sequence: 110, runId: id, at: created.addingTimeInterval(69), kind: .waitingForEvent, status: .waiting,
                attempt: 3, step: "await-confirmation"),
        ]
        let messages: [(TimeInterval, LogLevel, String?, String, Int)] = [
            (0.5, .info, "verify-payment", "checking payment pay_123 with the provider", 1),
            (1.6, .debug, "verify-payment", "provider says: paid (4200 EUR)", 1),
            (1.7, .info, "provision-customer-resources", "creating workspace for cus_42 (12 seats)", 1),
            (31.7, .warning, "provision-customer-resources", "provisioning API slow: 30s without an answer", 1),
            (
                32.6, .error, "provision-customer-resources",
                "ProviderTimeout: provisioning API did not answer within 30s", 1
            ),
            (35.0, .info, "provision-customer-resources", "creating workspace for cus_42 (12 seats)", 2),
            (68.6, .notice, nil, "recovered after worker w-api-91aa lost its lease", 3),
            (68.9, .info, "provision-customer-resources", "workspace ws_9f2 ready", 3),
            (69.0, .info, "await-confirmation", "waiting for payment.confirmed key pay_123 (timeout 24h)", 3),
        ]
        let logs = messages.enumerated().map { index, entry in
            LogRecord(
                id: Int64(index + 1), runId: id, attempt: entry.4, step: entry.2, level: entry.1, message: entry.3,
                at: created.addingTimeInterval(entry.0))
        }
        return RunDetail(run: run, attempts: attempts, steps: steps, logs: logs, timeline: timeline)
    }

    /// A state at a size with the fixture data loaded, on the queues view; `tour` runs a guided tour.
    static func state(
        width: Int = 80, height: Int = 24, readOnly: Bool = false, tour: TourState? = nil
    ) -> ConsoleState {
        var state = ConsoleState(
            width: width, height: height, now: now, readOnly: readOnly, themeName: "default",
            themeNames: ["default", "light", "high-contrast", "colorblind", "monochrome"],
            storeLabel: "/var/lib/stackshift/jobs.sqlite", tour: tour, firstView: .queues)
        _ = state.reduce(.started)
        _ = state.reduce(.changesArrived([], latestSequence: 48_213, runQueues: [:]))
        _ = state.reduce(.queuesLoaded(queues, at: now))
        // The session answers a queues load with the store's retention settings too.
        _ = state.reduce(.retentionLoaded(RetentionSettings()))
        _ = state.reduce(.activityLoaded(activity, query: state.queueActivityQuery, at: now))
        // The sparklines' history arrives as the session would bring it: finished runs on the change feed.
        var finished: [TimelineEntry] = []
        var finishedQueues: [RunID: String] = [:]
        for (queue, pattern) in [
            ("emails", [3, 5, 8, 6, 9, 12, 10, 7, 11, 14, 9, 13]), ("payments", [1, 0, 2, 1, 0, 0, 3, 1, 2, 1, 0, 2]),
            ("webhooks", [20, 22, 25, 30, 28, 26, 31, 35, 33, 30, 29, 34]),
        ] {
            for (offset, count) in pattern.enumerated() {
                for index in 0..<count {
                    let id = "run_done_\(queue)_\(offset)_\(index)"
                    finishedQueues[id] = queue
                    finished.append(
                        TimelineEntry(
                            sequence: 48_213, runId: id,
                            at: ago(Double(pattern.count - 1 - offset) * ThroughputHistory.bucketSeconds),
                            kind: .completed, status: .completed))
                }
            }
        }
        _ = state.reduce(.changesArrived(finished, latestSequence: 48_213, runQueues: finishedQueues))
        return state
    }

    /// The state on the runs view (all queues) with the fixture runs loaded.
    static func runsState(
        width: Int = 80, height: Int = 24, readOnly: Bool = false, tour: TourState? = nil
    ) -> ConsoleState {
        var state = state(width: width, height: height, readOnly: readOnly, tour: tour)
        _ = state.reduce(.key(.character("3")))
        _ = state.reduce(.runsLoaded(runs, query: state.currentRunsQuery, at: now))
        return state
    }

    /// The state on the run view of ``detail``.
    static func runState(width: Int = 80, height: Int = 24, readOnly: Bool = false) -> ConsoleState {
        var state = runsState(width: width, height: height, readOnly: readOnly)
        state.moveSelection(to: .run(detail.run.id))
        _ = state.reduce(.key(.enter))
        _ = state.reduce(.runDetailLoaded(detail, runId: detail.run.id, at: now))
        return state
    }
}
