import Synchronization

/// Wakes a sleeping worker at once when work appears in this process, instead of at its next poll.
///
/// A signal with no waiter is remembered, so a wake-up that races the worker going to sleep is not lost.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var nextToken = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Tokens whose timeout or cancellation came before their waiter was registered.
        var fired: Set<Int> = []
        /// Tokens of the waits in progress: only theirs are marked fired, so a timer that fires as its wait
        /// ends leaves nothing behind.
        var active: Set<Int> = []
    }

    private let state = Mutex(State())

    /// Wakes every waiter, or the next one to wait.
    func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when signalled, when `timeout` passes, or when the task is cancelled.
    func wait(timeout: Duration) async {
        let token = state.withLock { state -> Int? in
            if state.pending {
                state.pending = false
                return nil
            }
            state.nextToken += 1
            state.active.insert(state.nextToken)
            return state.nextToken
        }
        guard let token else { return }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.resume(token)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled || state.fired.remove(token) != nil {
                        state.pending = false
                        return true
                    }
                    state.waiters[token] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.resume(token)
        }
        timer.cancel()
        state.withLock { state in
            state.active.remove(token)
            state.fired.remove(token)
        }
    }

    /// Tokens marked fired whose wait has not cleared them: none once every wait returned.
    var unclearedTokens: Int { state.withLock { $0.fired.count } }

    private func resume(_ token: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiters.removeValue(forKey: token) else {
                // A timer firing as its wait ends (resumed by a signal) must not mark a token nobody clears.
                if state.active.contains(token) { state.fired.insert(token) }
                return nil
            }
            return waiter
        }
        waiter?.resume()
    }
}
