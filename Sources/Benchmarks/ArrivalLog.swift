import Synchronization

/// When each numbered run reached a point (its handler began), with a way to await that moment.
final class ArrivalLog: Sendable {
    private struct State {
        var arrived: [Int: ContinuousClock.Instant] = [:]
        var waiters: [Int: CheckedContinuation<ContinuousClock.Instant, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Records that run `n` arrived now (the first arrival counts), waking its waiter.
    func arrive(_ n: Int) {
        let now = ContinuousClock.now
        let waiter = state.withLock { state -> CheckedContinuation<ContinuousClock.Instant, Never>? in
            guard state.arrived[n] == nil else { return nil }
            state.arrived[n] = now
            return state.waiters.removeValue(forKey: n)
        }
        waiter?.resume(returning: now)
    }

    /// The moment run `n` arrived, waiting for it if it has not yet.
    func instant(of n: Int) async -> ContinuousClock.Instant {
        await withCheckedContinuation { continuation in
            let arrived = state.withLock { state -> ContinuousClock.Instant? in
                if let instant = state.arrived[n] { return instant }
                state.waiters[n] = continuation
                return nil
            }
            if let arrived { continuation.resume(returning: arrived) }
        }
    }
}
