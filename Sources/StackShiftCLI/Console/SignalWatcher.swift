import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into callbacks instead of killing the process, so the console can restore the
/// terminal before it exits. The signals are ignored while watched and restored to default afterwards.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    init(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Stops watching and gives the signals their default behaviour back.
    func cancel() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
