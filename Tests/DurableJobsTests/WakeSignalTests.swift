import Testing

@testable import DurableJobs

/// The signal that wakes an idle worker.
@Suite("Wake signal")
struct WakeSignalTests {
    @Test("waits whose timeouts race signals leave no token behind")
    func racingTimeoutsLeaveNothing() async {
        let signal = WakeSignal()
        // Timeouts of zero fire as soon as the wait starts, while a second task signals as fast as it can:
        // the timer and the signal often resume the same wait together.
        let signaller = Task {
            while !Task.isCancelled {
                signal.signal()
                await Task.yield()
            }
        }
        for _ in 0..<20_000 { await signal.wait(timeout: .zero) }
        signaller.cancel()
        await signaller.value
        #expect(signal.unclearedTokens == 0)
    }

    @Test("a signal with no waiter is kept for the next wait")
    func signalIsRemembered() async {
        let signal = WakeSignal()
        signal.signal()
        let began = ContinuousClock.now
        await signal.wait(timeout: .seconds(60))
        #expect(ContinuousClock.now - began < .seconds(30), "the remembered signal ends the wait at once")
        #expect(signal.unclearedTokens == 0)
    }
}
