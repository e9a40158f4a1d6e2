import Synchronization

/// The soak's bookkeeping, shared by its generator, the runs' handlers and the minute loop: when each run
/// was started, which runs ended this minute and how long each took, and the starts that were not made.
///
/// The store cannot be asked afterwards, as EngineBenchmark does: retention deletes the runs within minutes.
final class SoakLedger: Sendable {
    /// What happened since the last ``takeTally()``.
    ///
    /// It holds the latencies' percentiles, not the latencies: the soak keeps every minute's tally to the end,
    /// and a minute's latencies (8 bytes a run, 0.6 MB a minute at 1,300 runs/s) kept ten times over made the
    /// soak's own memory grow by 6 MB, read as the workers' RSS creeping up.
    struct Tally: Sendable {
        /// Runs whose handler returned.
        var ended = 0
        /// The median of those runs' time from just before `start` until the handler returned, in ms; NaN
        /// when none ended.
        var p50 = Double.nan
        /// Their 99th percentile, in ms; NaN when none ended.
        var p99 = Double.nan
        /// Runs started.
        var started = 0
        /// Starts the schedule called for that were not made (too far behind, or too many in flight).
        var heldBack = 0
    }

    /// The current minute's counts, with its latencies.
    private struct Counting {
        var ended = 0
        var latency = LatencySample()
        var started = 0
        var heldBack = 0
    }

    private struct State {
        var startedAt: [Int: ContinuousClock.Instant] = [:]
        var tally = Counting()
        var started = 0
        var heldBack = 0
        var failure: String?
    }

    private let state = Mutex(State())

    /// Notes that run `n` is about to be started: recorded first, so its end cannot come before it.
    func starting(_ n: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.startedAt[n] = now
            state.tally.started += 1
            state.started += 1
        }
    }

    /// Notes that run `n`'s handler returned (its completion is being committed); a second end of the same
    /// run (a replayed attempt) is not counted again.
    func ended(_ n: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard let began = state.startedAt.removeValue(forKey: n) else { return }
            state.tally.ended += 1
            state.tally.latency.append(now - began)
        }
    }

    /// Notes `count` starts the schedule called for that were not made.
    func holdBack(_ count: Int) {
        guard count > 0 else { return }
        state.withLock { state in
            state.tally.heldBack += count
            state.heldBack += count
        }
    }

    /// Records why the generator stopped early; the first reason is kept.
    func fail(_ reason: String) {
        state.withLock { state in state.failure = state.failure ?? reason }
    }

    /// Runs started whose handler has not returned yet.
    var inFlight: Int { state.withLock { $0.startedAt.count } }

    /// Why the generator stopped early, if it did.
    var failure: String? { state.withLock { $0.failure } }

    /// Runs started, and starts held back, since the soak began.
    var totals: (started: Int, heldBack: Int) { state.withLock { ($0.started, $0.heldBack) } }

    /// What happened since the last call, starting a new tally; the percentiles are computed outside the
    /// lock, so the handlers ending meanwhile do not wait for the sort.
    func takeTally() -> Tally {
        let taken = state.withLock { state in
            defer { state.tally = Counting() }
            return state.tally
        }
        return Tally(
            ended: taken.ended, p50: taken.latency.p50, p99: taken.latency.p99, started: taken.started,
            heldBack: taken.heldBack)
    }
}
