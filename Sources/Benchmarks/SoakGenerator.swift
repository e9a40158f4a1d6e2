import DurableJobs
import JobStore

/// Starts 3-step runs at a steady rate until cancelled, the way steady traffic arrives: the schedule is
/// `rate` × the wall-clock time since it began, and every ``tick`` it starts the runs due by then.
///
/// It never builds an unbounded backlog. Starts more than ``catchUp`` behind the schedule (the starts
/// themselves were too slow) are dropped rather than made up in a burst, and no start is made while
/// ``maximumInFlight`` runs are unfinished (the workers fall behind); both are counted in the ledger as held
/// back, and the soak reports them.
struct SoakGenerator: Sendable {
    /// How often due runs are started: small, so the load is smooth rather than bursts.
    static let tick: Duration = .milliseconds(10)
    /// Tasks starting one tick's runs at once, so one slow commit does not hold up the schedule.
    static let starters = 8
    /// How far behind the schedule starts may fall and still be made up, in seconds.
    static let catchUp = 1.0
    /// How many seconds of the rate may be unfinished before starts are held back.
    static let inFlightSeconds = 5.0

    let client: StackShift
    let ledger: SoakLedger
    /// Runs started per second.
    let rate: Double

    /// Runs started but unfinished beyond which starts are held back: five seconds' worth.
    var maximumInFlight: Int { max(Self.starters * 8, Int(saturating: rate * Self.inFlightSeconds)) }

    /// Starts runs until the task is cancelled; a start that fails stops it, with the reason in the ledger.
    func run() async {
        let began = ContinuousClock.now
        let catchUpLimit = max(1, Int(saturating: rate * Self.catchUp))
        var scheduled = 0
        var next = began
        while !Task.isCancelled {
            let due = Int(saturating: rate * (ContinuousClock.now - began).seconds) - scheduled
            let room = max(0, maximumInFlight - ledger.inFlight)
            let starting = min(due, catchUpLimit, room)
            ledger.holdBack(due - max(starting, 0))
            if starting > 0 {
                do {
                    try await start(scheduled..<scheduled + starting)
                } catch {
                    if !Task.isCancelled { ledger.fail("a start failed: \(error)") }
                    return
                }
            }
            scheduled += max(due, 0)
            // The schedule, not the tick count, decides what is due: a late tick only makes the next one larger.
            next = max(next + Self.tick, ContinuousClock.now)
            do {
                try await Task.sleep(until: next)
            } catch {
                return
            }
        }
    }

    /// Starts runs with the payload numbers `numbers`, from up to ``starters`` tasks.
    private func start(_ numbers: Range<Int>) async throws {
        let (client, ledger) = (client, ledger)
        let tasks = min(Self.starters, numbers.count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for n in stride(from: numbers.lowerBound + task, to: numbers.upperBound, by: tasks) {
                        ledger.starting(n)
                        try await client.start(BenchmarkJobs.threeSteps, payload: BenchmarkJobs.Payload(n: n))
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
