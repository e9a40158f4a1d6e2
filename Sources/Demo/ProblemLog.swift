import Synchronization

/// The most recent problems the demo ran into (an engine call that failed, a worker that stopped), kept
/// so the CLI can show them without the demo printing anything itself.
final class ProblemLog: Sendable {
    private let lines = Mutex<[String]>([])
    /// How many problems are kept.
    let capacity: Int

    init(capacity: Int = 50) {
        self.capacity = capacity
    }

    /// Records a problem, forgetting the oldest beyond the capacity.
    func record(_ message: String) {
        lines.withLock { lines in
            lines.append(message)
            if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        }
    }

    /// The problems, oldest first.
    var all: [String] { lines.withLock { $0 } }
}
