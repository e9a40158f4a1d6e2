import JobStore
import Synchronization

/// The most recent problems the demo ran into (an engine call that failed, a worker that stopped), kept
/// so the CLI can show them without the demo printing anything itself.
///
/// A problem with the database itself (full disk, corrupt or vanished file, lost server) is also announced on
/// ``databaseFailures``: the demo cannot go on without its database, and a headless run stops on the first one
/// instead of reporting hundreds of failed calls and success.
final class ProblemLog: Sendable {
    private let lines = Mutex<[String]>([])
    private let failures: AsyncStream<String>.Continuation
    /// The first message of each database failure, as it happens.
    let databaseFailures: AsyncStream<String>
    /// How many problems are kept.
    let capacity: Int

    init(capacity: Int = 50) {
        self.capacity = capacity
        (databaseFailures, failures) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(1))
    }

    /// Records a problem, forgetting the oldest beyond the capacity.
    func record(_ message: String, cause: (any Error)? = nil) {
        lines.withLock { lines in
            lines.append(message)
            if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        }
        if let cause, Self.isDatabaseFailure(cause) { failures.yield(message) }
    }

    /// The problems, oldest first.
    var all: [String] { lines.withLock { $0 } }

    /// Whether the database itself failed, rather than one call being refused (a wrong transition, bad input).
    static func isDatabaseFailure(_ error: any Error) -> Bool {
        switch error as? JobStoreError {
        case .unavailable, .incompatibleDatabase: true
        default: false
        }
    }
}
