import Synchronization

/// The soak's bookkeeping, shared by its generator, the runs' handlers and the minute loop: when each run
/// was started, which runs ended this minute and how long each took, and the starts that were not made.
///
/// The store cannot be asked afterwards, as EngineBenchmark does: retention deletes the runs within minutes.
final class SoakLedger: Sendable {
    /// What happened since the last ``takeTally()``.
    struct Tally: Sendable {
        /// Runs whose handler returned.
        var ended = 0
        /// Each of those runs' time from just before `start` until its handler returned.
        var latency = LatencySample()
        /// Runs started.
        var started = 0
        /// Starts the schedule called for that were not made (too far behind, or too many in flight).
        var heldBack = 0
    }

    private struct State {
        var startedAt: [Int: ContinuousClock.Instant] = [:]
        var tally = Tally()
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

    /// What happened since the last call, starting a new tally.
    func takeTally() -> Tally {
        state.withLock { state in
            defer { state.tally = Tally() }
            return state.tally
        }
    }
}
