import Dispatch

/// A task executor on a thread of its own, which may block: a store may run a write on it directly.
///
/// Swift's task pool has a thread per core and must never be blocked; so a store hands each write to its
/// own writer thread and resumes the caller when it is done, two thread wake-ups per write. On a chain of
/// writes one at a time (a worker of one slot: a step, the next step, the attempt's end) those wake-ups
/// are most of a write's latency. Tasks that prefer this executor run on one Dispatch thread outside the
/// pool, and a store that finds its writer idle may write on that thread (``isCurrent``): the caller goes
/// on without a hop.
///
/// The queue is serial on purpose. A concurrent Dispatch queue runs on the same root threads as Swift's
/// task pool here (Linux), so blocking one of its jobs would block the pool; a serial queue gets a thread
/// of its own. Child tasks and default actors called from a task that prefers this executor run on it too,
/// one job at a time.
public final class BlockingTaskExecutor: TaskExecutor {
    private static let marker = DispatchSpecificKey<Bool>()
    private let queue: DispatchQueue

    /// Creates an executor on a serial Dispatch queue named `label`.
    public init(label: String) {
        queue = DispatchQueue(label: label)
        queue.setSpecific(key: Self.marker, value: true)
    }

    /// Whether the calling thread is running a job of a ``BlockingTaskExecutor``, so it may block on a write.
    public static var isCurrent: Bool { DispatchQueue.getSpecific(key: marker) == true }

    /// Runs `job` on the queue's thread, after the jobs before it.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
