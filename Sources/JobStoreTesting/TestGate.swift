import Synchronization

/// A one-shot gate: tasks that wait on it are held until a test opens it, and pass at once afterwards.
public final class TestGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// A closed gate.
    public init() {}

    /// Returns once the gate is open.
    public func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Opens the gate for every waiter, present and future.
    public func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A condition that did not hold within ``Swift/Duration/testPatience``.
public struct ConditionTimeout: Error, CustomStringConvertible {
    /// What was waited for.
    public let condition: String

    /// Names the condition.
    public var description: String { "waited \(Duration.testPatience) for \(condition)" }
}

/// Waits for a condition other tasks make true, checking every millisecond; throws ``ConditionTimeout``
/// after ``Swift/Duration/testPatience``. Not `Task.yield()` in a loop: on a two-core machine that spins one of
/// the cooperative pool's two threads.
public func waitUntil(_ condition: String, _ holds: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .testPatience
    while !holds() {
        guard ContinuousClock.now < deadline else { throw ConditionTimeout(condition: condition) }
        try await Task.sleep(for: .milliseconds(1))
    }
}
