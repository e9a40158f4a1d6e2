import Foundation

extension TimelineEntry {
    /// The entry recording `run` as it is after a change, with its queue, job and status; the attempt is left
    /// out until the run has one. The sequence is the store's to draw.
    public init(recording run: RunRecord, at: Date, kind: TimelineKind, step: String? = nil, message: String) {
        self.init(
            runId: run.id, queue: run.queue, job: run.job, at: at, kind: kind, status: run.status,
            attempt: run.attempt > 0 ? run.attempt : nil, step: step, message: message)
    }
}
