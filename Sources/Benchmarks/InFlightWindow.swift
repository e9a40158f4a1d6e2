import Synchronization

/// Bounds how many runs a benchmark keeps in flight: a producer takes a slot before starting a run, the
/// run's handler gives it back when it ends. Keeps the queue short, so start→complete latency measures the
/// engine rather than a backlog.
final class InFlightWindow: Sendable {
    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    /// How many slots the window has.
    let size: Int

    /// A window of `size` slots.
    init(size: Int) {
        self.size = max(1, size)
        state = Mutex(State(free: self.size))
    }

    /// Takes a slot, waiting for one to be given back when none is free.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                guard state.free > 0 else {
                    state.waiters.append(continuation)
                    return false
                }
                state.free -= 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    /// Gives a slot back, to the longest waiter if there is one.
    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.free += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}
