import Console
import Foundation
import JobStore

/// Fixed waits, events, state, locks, schedules, workers and diagnoses for the console's operations views.
extension Fixtures {
    static func later(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(seconds) }

    /// Waiting runs: two on `pay_123` (with near-miss events), one on a key that came with a trailing space,
    /// one whose event arrived before the run existed, and a durable sleep.
    static let waits: [RunRecord] = [
        runs[1],
        run(
            "k2m8q1z0aa", job: "provisionAfterPayment", queue: "payments", status: .waiting, created: 75, attempt: 1,
            key: "pay_123",
            wait: WaitCondition(
                step: "await-confirmation", eventName: "payment.confirmed", eventKey: "pay_123",
                until: later(86_330), since: ago(40))),
        run(
            "v7c2d9e4bb", job: "sendVerificationEmail", queue: "emails", status: .waiting, created: 1_600,
            wait: WaitCondition(
                step: "await-click", eventName: "email.verified", eventKey: "user_8812", until: later(171_300),
                since: ago(1_500))),
        run(
            "p0r5t8w2cc", job: "importContacts", queue: "imports", status: .waiting, created: 650,
            wait: WaitCondition(
                step: "await-approval", eventName: "import.approved", eventKey: "imp_42", since: ago(600))),
        run(
            "s3l9e8p1dd", job: "nightlyReport", queue: "reports-nightly-aggregation", status: .waiting, created: 90,
            wait: WaitCondition(step: "cool-off", until: later(540), since: ago(60))),
    ]

    static func event(
        _ id: Int64, _ name: String, _ key: String, received: TimeInterval, payload: String = "{}",
        consumedBy: [RunID] = []
    ) -> EventRecord {
        EventRecord(
            id: id, name: name, key: key, payloadJSON: payload, receivedAt: ago(received),
            expiresAt: ago(received).addingTimeInterval(86_400), consumedBy: consumedBy)
    }

    /// Events no run consumed: near misses of `pay_123` (case, one character) and `user_8812` (whitespace),
    /// one that beat its run, and one nobody waits for.
    static let unconsumedEvents: [EventRecord] = [
        event(47, "invoice.paid", "inv_9", received: 10, payload: #"{"invoice":"inv_9","total":1900}"#),
        event(44, "payment.confirmed", "pay_124", received: 30, payload: #"{"paymentId":"pay_124","amount":990}"#),
        event(41, "payment.confirmed", "PAY_123", received: 95, payload: #"{"paymentId":"PAY_123","amount":4200}"#),
        event(39, "email.verified", "user_8812 ", received: 400, payload: #"{"userId":"user_8812"}"#),
        event(38, "import.approved", "imp_42", received: 700, payload: #"{"approvedBy":"ops@acme.test"}"#),
    ]

    /// Recent events, newest first: the unconsumed ones and some that resumed runs.
    static let events: [EventRecord] = [
        event(48, "order.shipped", "ord_77", received: 4, payload: #"{"carrier":"DHL"}"#, consumedBy: [runs[0].id]),
        unconsumedEvents[0],
        unconsumedEvents[1],
        event(
            43, "payment.confirmed", "pay_122", received: 60, payload: #"{"paymentId":"pay_122","amount":1500}"#,
            consumedBy: [runs[9].id]),
        unconsumedEvents[2],
        event(
            40, "webhook.received", "wh_5521", received: 300, payload: #"{"source":"stripe"}"#,
            consumedBy: [runs[6].id, runs[8].id]),
        unconsumedEvents[3],
        unconsumedEvents[4],
    ]

    static let stateEntries: [StateEntry] = [
        StateEntry(
            key: "feature-flags", valueJSON: #"{"newCheckout":true,"betaInvoices":false,"rolloutPercent":25}"#,
            version: 3, updatedAt: ago(7_200)),
        StateEntry(key: "imports:42:count", valueJSON: "1250", version: 31, updatedAt: ago(12)),
        StateEntry(
            key: "imports:42:progress", valueJSON: #"{"done":1250,"total":5000,"phase":"contacts","errors":[]}"#,
            version: 7, updatedAt: ago(12)),
        StateEntry(key: "provisioned:count", valueJSON: "212", version: 212, updatedAt: ago(300)),
        StateEntry(key: "rate:smtp:window", valueJSON: "87", version: 512, updatedAt: ago(3), expiresAt: later(42)),
        StateEntry(
            key: "session:cus_42", valueJSON: #"{"user":"Zoë Müller","plan":"team"}"#, version: 1,
            updatedAt: ago(600), expiresAt: later(85_800)),
    ]

    static let locks: [LockRecord] = [
        LockRecord(key: "imports:42", owner: runs[11].id, acquiredAt: ago(30), expiresAt: later(15)),
        LockRecord(key: "nightly-report", owner: "w-cron-01", acquiredAt: ago(5), expiresAt: later(3)),
    ]

    static let schedules: [ScheduleRecord] = [
        ScheduleRecord(
            name: "hourly-crm-sync", cron: "0 * * * *", timeZone: "UTC", job: "syncCRM", payloadJSON: "{}",
            queue: "webhooks", nextFireAt: later(1_800), lastFireAt: ago(1_800), lastRunId: runs[6].id,
            updatedAt: ago(86_400)),
        ScheduleRecord(
            name: "nightly-report", cron: "0 2 * * *", timeZone: "Europe/Berlin", job: "nightlyReport",
            payloadJSON: "{}", queue: "reports-nightly-aggregation", nextFireAt: later(46_800),
            lastFireAt: ago(39_600), lastRunId: nightlyRun.id, updatedAt: ago(86_400 * 3)),
        ScheduleRecord(
            name: "weekly-digest", cron: "30 9 * * MON", timeZone: "America/New_York", job: "sendDigest",
            payloadJSON: "{}", queue: "emails", nextFireAt: later(3 * 86_400 + 5_400), updatedAt: ago(86_400)),
    ]

    /// Last night's report run.
    static let nightlyRun = run(
        "n1g4h7t2ee", job: "nightlyReport", queue: "reports-nightly-aggregation", status: .completed, created: 39_600,
        finishedAfter: 312, result: #"{"rows":48213}"#)

    /// The runs the schedules last started.
    static var scheduleRuns: [RunID: RunRecord] {
        [runs[6].id: runs[6], nightlyRun.id: nightlyRun]
    }

    static let workers: [WorkerRecord] = [
        WorkerRecord(
            id: "w-hooks-3", host: "hooks-1", pid: 912, queues: ["webhooks"], jobs: ["syncCRM", "resizeImage"],
            concurrency: 16, startedAt: ago(86_400 + 7_200), heartbeatAt: ago(1)),
        WorkerRecord(
            id: "w-api-7f3c", host: "api-1", pid: 4121, queues: ["emails", "payments"],
            jobs: ["sendVerificationEmail", "chargeCard", "provisionAfterPayment"], concurrency: 8,
            startedAt: ago(10_800), heartbeatAt: ago(2.4)),
        WorkerRecord(
            id: "w-cron-01", host: "cron-1", pid: 77, queues: ["reports-nightly-aggregation"], jobs: ["nightlyReport"],
            concurrency: 1, startedAt: ago(3_600), heartbeatAt: ago(25)),
        WorkerRecord(
            id: "w-api-91aa", host: "api-2", pid: 3310, queues: ["emails", "payments"],
            jobs: ["sendVerificationEmail", "chargeCard"], concurrency: 8, startedAt: ago(20_000),
            heartbeatAt: ago(250)),
    ]

    static let runsInHand: [WorkerID: Int] = ["w-api-7f3c": 8, "w-hooks-3": 3, "w-api-91aa": 1]

    /// Why the first wait is stuck: near-miss events.
    static var waitingDiagnosis: RunDiagnosis {
        RunDiagnosis(
            runId: waits[0].id, status: .waiting, reason: .waitingForEvent,
            sentence: "Waiting for payment.confirmed key pay_123 for 3m02s; 2 events with that name arrived with "
                + "keys PAY_123 and pay_124, which nearly match.",
            evidence: [
                "waiting in step await-confirmation since 11:56:58",
                "times out in 23h53m20s, at 11:53:20 tomorrow",
                "no payment.confirmed event with key pay_123 arrived after the run was created",
            ],
            fix: RunDiagnosis.Fix(
                summary: "If PAY_123 was meant for this run, send payment.confirmed with key pay_123", consoleKey: "s",
                command: ["events", "send", "payment.confirmed", "--key", "pay_123", "--payload", "<JSON>"]),
            nearMisses: [
                RunDiagnosis.NearMiss(event: unconsumedEvents[2], difference: "case"),
                RunDiagnosis.NearMiss(event: unconsumedEvents[1], difference: "one character"),
            ])
    }

    /// Why a queued run is held: a lock, with the runs holding the queue.
    static var lockDiagnosis: RunDiagnosis {
        RunDiagnosis(
            runId: runs[4].id, status: .queued, reason: .blockedOnLock,
            sentence: "It retries because lock imports:42 is held by \(runs[11].id) until 12:00:15.",
            evidence: [
                "try 1/5, queued for 18m10s", "queue imports is paused as well: P on the queues view resumes it",
            ],
            fix: RunDiagnosis.Fix(
                summary: "wait for the lock to expire in 15s, or release it",
                command: ["state", "unlock", "imports:42", "--owner", "worker a; rm -rf ~"]),
            holders: [runs[11].id, runs[0].id],
            lock: locks[0])
    }

    /// The state on a list view with its data loaded.
    static func operationsState(
        _ view: ConsoleView, width: Int = 80, height: Int = 24, readOnly: Bool = false
    ) -> ConsoleState {
        var state = state(width: width, height: height, readOnly: readOnly)
        let key: Character =
            switch view {
            case .waits: "4"
            case .events: "5"
            case .state: "6"
            case .schedules: "7"
            case .failures: "9"
            case .audit: "0"
            default: "8"
            }
        _ = state.reduce(.key(.character(key)))
        switch view {
        case .waits: _ = state.reduce(.waitsLoaded(waits, unconsumed: unconsumedEvents, at: now))
        case .events:
            _ = state.reduce(.eventsLoaded(events, at: now))
            _ = state.reduce(.rejectedWebhooksLoaded(rejectedWebhooks, at: now))
        case .state:
            _ = state.reduce(.stateLoaded(stateEntries, prefix: "", at: now))
            _ = state.reduce(.locksLoaded(locks, prefix: "", at: now))
        case .schedules: _ = state.reduce(.schedulesLoaded(schedules, lastRuns: scheduleRuns, at: now))
        case .failures: _ = state.reduce(.failuresLoaded(failureGroups, since: ago(86_400), at: now))
        case .audit: _ = state.reduce(.auditLoaded(auditEntries, at: now))
        default: _ = state.reduce(.workersLoaded(workers, runsInHand: runsInHand, liveness: 60, at: now))
        }
        return state
    }
}
