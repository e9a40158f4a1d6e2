import Foundation
import JobStore

/// A recurring schedule registered on a client.
struct ScheduleDefinition: Sendable {
    let name: String
    let cron: CronExpression
    let timeZone: TimeZone
    let job: String
    let payloadJSON: String
    let queue: String
}
