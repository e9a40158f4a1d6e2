import ArgumentParser
import JobStore

/// The options that select runs, as the console's runs filter does: status, job, queue and text.
struct RunFilterOptions: ParsableArguments {
    @Option(
        help:
            "Only runs with this status (repeatable): scheduled, queued, running, waiting, completed, failed, canceled."
    )
    var status: [RunStatus] = []
    @Option(help: "Only runs of this job.") var job: String?
    @Option(help: "Only runs on this queue.") var queue: String?
    @Option(
        help:
            "Only runs whose id, job, queue, status, idempotency key, step, awaited event or error contains this text.")
    var search: String?

    /// Whether any option narrows the selection.
    var isSet: Bool { !status.isEmpty || job != nil || queue != nil || search != nil }

    /// The store query for these options.
    func query(limit: Int) -> RunQuery {
        RunQuery(statuses: Set(status), job: job, queue: queue, text: search, limit: limit)
    }
}

extension RunStatus: ExpressibleByArgument {}
