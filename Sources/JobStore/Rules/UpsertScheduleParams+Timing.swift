import Foundation

extension UpsertScheduleParams {
    /// Refuses a schedule without a name, a job or a queue, or with text over its ``InputLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !name.isEmpty, !job.isEmpty, !queue.isEmpty else {
            throw JobStoreError.invalidInput("a schedule needs a name, a job and a queue")
        }
        try InputLimit.name.check(name, field: "schedule name")
        try InputLimit.name.check(job, field: "job name")
        try InputLimit.name.check(queue, field: "queue name")
        try InputLimit.payload.check(payloadJSON, field: "schedule payload")
    }

    /// The next fire time to store over `existing` (the schedule as read, nil when new): redefining a schedule
    /// at every engine start must not move or replay its fire times, so the stored one is kept while the cron
    /// and time zone are unchanged; otherwise ``nextFireAt``.
    public func nextFireAt(keeping existing: ScheduleRecord?) -> Date {
        guard let existing, existing.cron == cron, existing.timeZone == timeZone else { return nextFireAt }
        return existing.nextFireAt
    }
}
