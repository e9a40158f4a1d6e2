import JobStore
import Synchronization

/// Wakes ``StackShift/waitForRun(_:toBe:timeout:)`` callers when a run changes in this process, so a wait
/// ends as soon as the change commits instead of at the next poll. Changes made by other processes are
/// still seen by polling.
final class RunWatch: Sendable {
    private let watchers = Mutex<[RunID: [ObjectIdentifier: WakeSignal]]>([:])

    /// Starts watching `runId`; the returned signal fires on every change until ``stop(_:_:)``.
    ///
    /// Register before reading the run, so a change committed between the read and the wait is not missed:
    /// the signal remembers it.
    func start(_ runId: RunID) -> WakeSignal {
        let signal = WakeSignal()
        watchers.withLock { $0[runId, default: [:]][ObjectIdentifier(signal)] = signal }
        return signal
    }

    /// Stops watching.
    func stop(_ runId: RunID, _ signal: WakeSignal) {
        watchers.withLock { watchers in
            watchers[runId]?[ObjectIdentifier(signal)] = nil
            if watchers[runId]?.isEmpty == true { watchers[runId] = nil }
        }
    }

    /// Tells the watchers of `runId` that it changed.
    func changed(_ runId: RunID) {
        let signals = watchers.withLock { $0[runId].map { Array($0.values) } ?? [] }
        for signal in signals { signal.signal() }
    }
}
