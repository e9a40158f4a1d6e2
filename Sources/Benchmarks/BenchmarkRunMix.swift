import Foundation
import JobStore

/// A realistic, repeatable history of runs: about 1.65 runs a second (a million in a week) across 8 queues
/// and 10 jobs, with the statuses a busy system has at the end of it. Run `index` is the same every time (its
/// random numbers come from its index), so any batch can be made on its own, and ids ascend with the index.
///
/// The mix, by age at `now`: runs younger than their queue's backlog (seconds for most, 6 hours for the slow
/// `imports` queue) are `queued`, the next 15 seconds' are `running`; `provisionAfterPayment` runs of the
/// last two days wait for `payment.confirmed` one time in four; 2% of the last half hour's runs back off
/// before a retry (`scheduled`); the rest ended: 3% `failed`, 1% `canceled`, the others `completed` (4% of
/// those after a failed first attempt). A run that failed records one of its job's causes of failure (see
/// ``failure(job:index:age:)``).
struct BenchmarkRunMix: Sendable {
    /// A queue, how much of the traffic it gets, its jobs, and how long its runs wait for a worker.
    struct QueueProfile: Sendable {
        var name: String
        var weight: Double
        var jobs: [String]
        var backlog: TimeInterval
        var maxAttempts: Int
    }

    /// The queues, busiest first.
    static let queues: [QueueProfile] = [
        QueueProfile(
            name: "emails", weight: 0.25, jobs: ["sendVerificationEmail", "sendReceipt"], backlog: 30, maxAttempts: 5),
        QueueProfile(name: "webhooks", weight: 0.20, jobs: ["deliverWebhook"], backlog: 20, maxAttempts: 8),
        QueueProfile(
            name: "payments", weight: 0.12, jobs: ["chargeCard", "provisionAfterPayment"], backlog: 10, maxAttempts: 5),
        QueueProfile(name: "images", weight: 0.12, jobs: ["resizeImage"], backlog: 60, maxAttempts: 3),
        QueueProfile(name: "search-index", weight: 0.10, jobs: ["reindexDocument"], backlog: 45, maxAttempts: 3),
        QueueProfile(name: "imports", weight: 0.08, jobs: ["importContacts"], backlog: 6 * 3600, maxAttempts: 3),
        QueueProfile(name: "notifications", weight: 0.08, jobs: ["pushNotification"], backlog: 15, maxAttempts: 3),
        QueueProfile(name: "reports", weight: 0.05, jobs: ["nightlyReport"], backlog: 120, maxAttempts: 2),
    ]

    /// Runs created per second.
    static let defaultRate = 1.65
    /// Runs this much older than their queue's backlog are still running.
    static let runningWindow: TimeInterval = 15
    /// The workers that hold leases.
    static let workers = ["w-api-7f3c", "w-api-91aa", "w-batch-02", "w-batch-03"]

    /// When the history ends: the moment the database is looked at.
    let now: Date
    /// How many runs the history holds.
    let count: Int
    /// Seconds between the first run and `now`.
    let span: TimeInterval

    /// A history of `count` runs ending at `now`, created `rate` per second.
    init(now: Date, count: Int, rate: Double = Self.defaultRate) {
        self.now = now
        self.count = max(0, count)
        span = Double(max(1, count)) / rate
    }

    /// The runs with indexes in `range`, oldest first.
    func runs(_ range: Range<Int>) -> [RunRecord] {
        range.clamped(to: 0..<count).map(run)
    }

    /// The run with an index: 0 is the oldest, `count - 1` the newest.
    func run(_ index: Int) -> RunRecord {
        var random = SplitMix64(seed: UInt64(index) &* 0x9E37_79B9_7F4A_7C15 ^ 0x5354_4143_4B53_4846)
        // Strictly increasing creation times (and so ids): the jitter stays inside the run's own slot.
        let createdAt = now.addingTimeInterval(-span + span * (Double(index) + 0.9 * random.unit()) / Double(count))
        let age = now.timeIntervalSince(createdAt)
        let profile = Self.pick(random.unit())
        let job = profile.jobs[Int(random.next() % UInt64(profile.jobs.count))]
        var run = RunRecord(
            id: Self.runId(createdAt, &random), job: job, queue: profile.name, status: .queued,
            payloadJSON: #"{"n":\#(index),"account":"acct_\#(index % 5000)"}"#,
            maxAttempts: profile.maxAttempts, retryPolicy: RetryPolicy(maxAttempts: profile.maxAttempts),
            createdAt: createdAt, updatedAt: createdAt)
        // A run waits about its queue's backlog for a worker, then takes 50 ms to 5 s.
        let started = min(now, createdAt.addingTimeInterval(0.05 + profile.backlog * (0.8 + 0.2 * random.unit())))
        let duration = 0.05 * pow(100, random.unit())
        let roll = random.unit()
        if age < profile.backlog {
            return run
        }
        if age < profile.backlog + Self.runningWindow {
            run.status = .running
            run.attempt = 1
            run.startedAt = started
            run.updatedAt = started
            run.leaseOwner = Self.workers[index % Self.workers.count]
            run.leaseExpiresAt = now.addingTimeInterval(30)
            run.currentStep = "step-\(index % 3 + 1)"
        } else if job == "provisionAfterPayment", age < 2 * 86_400, roll < 0.25 {
            let since = started.addingTimeInterval(duration)
            run.status = .waiting
            run.attempt = 1
            run.startedAt = started
            run.updatedAt = since
            run.wait = WaitCondition(
                step: "await-confirmation", eventName: "payment.confirmed", eventKey: "pay_\(index)",
                until: createdAt.addingTimeInterval(3 * 86_400), since: since)
            run.runAt = run.wait?.until
        } else if age < 1800, roll < 0.02 {
            run.status = .scheduled
            run.attempt = 1
            run.failures = 1
            run.startedAt = started
            run.updatedAt = started.addingTimeInterval(duration)
            run.runAt = now.addingTimeInterval(5 + 300 * random.unit())
            run.error = Self.failure(job: job, index: index, age: age)
        } else {
            finish(&run, roll: random.unit(), started: started, duration: duration)
            if run.failures > 0 { run.error = Self.failure(job: job, index: index, age: age) }
        }
        return run
    }

    /// Ends a run: 3% failed after every try, 1% canceled, the rest completed; the caller sets the error.
    private func finish(_ run: inout RunRecord, roll: Double, started: Date, duration: TimeInterval) {
        let finished = started.addingTimeInterval(duration)
        run.updatedAt = finished
        run.finishedAt = finished
        run.startedAt = started
        if roll < 0.03 {
            run.status = .failed
            run.attempt = run.maxAttempts
            run.failures = run.maxAttempts
        } else if roll < 0.04 {
            run.status = .canceled
            if roll < 0.035 {
                // Canceled before any worker took it.
                run.startedAt = nil
            } else {
                run.attempt = 1
                run.cancelRequested = true
            }
        } else {
            run.status = .completed
            run.attempt = roll > 0.96 ? 2 : 1
            run.failures = run.attempt - 1
            run.resultJSON = #"{"ok":true,"ms":\#(Int(saturating: duration * 1000))}"#
        }
    }

    /// The queue profile a uniform number in [0, 1) falls on.
    static func pick(_ unit: Double) -> QueueProfile {
        var remaining = unit * queues.reduce(0) { $0 + $1.weight }
        for profile in queues {
            remaining -= profile.weight
            if remaining < 0 { return profile }
        }
        return queues[queues.count - 1]
    }

    /// A run id as the store makes them (creation time, then random characters), from the run's own numbers.
    static func runId(_ created: Date, _ random: inout SplitMix64) -> RunID {
        "run_" + Identifier.timePart(created) + Identifier.randomPart(&random)
    }
}

/// A small, fast, seedable random number generator (SplitMix64), so benchmark data repeats exactly.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
