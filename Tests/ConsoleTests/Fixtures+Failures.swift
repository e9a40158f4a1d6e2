import Console
import Foundation
import JobStore

extension Fixtures {
    /// A day's failures, grouped by cause: a provider outage that started 40 minutes ago, a slow mail server
    /// all day, and one worker crash.
    static let failureGroups: [FailureGroup] = [
        group(
            "provisionCustomer · provision-customer-resources · ProviderError: <n> Bad Gateway from <id>",
            job: "provisionCustomer", failures: 37, runs: 12, first: 2400, last: 20,
            example: ErrorDetail(
                type: "ProviderError", message: "502 Bad Gateway from prov_8Hq2",
                location: "provision-customer-resources"),
            recent: 40),
        group(
            "sendVerificationEmail · deliver · SMTPError: timeout after <n>s", job: "sendVerificationEmail",
            failures: 9, runs: 9, first: 80_000, last: 600,
            example: ErrorDetail(type: "SMTPError", message: "timeout after 30s", location: "deliver"), recent: 1400),
        group(
            "rebuildSearchIndex · <no step> · LeaseExpired: the worker stopped heartbeating",
            job: "rebuildSearchIndex", failures: 1, runs: 1, first: 5000, last: 5000,
            example: ErrorDetail(type: "LeaseExpired", message: "the worker stopped heartbeating"), recent: 0),
    ]

    /// A group whose failures fell evenly over its last `recent` minutes of a day's window.
    private static func group(
        _ signature: String, job: String, failures: Int, runs: Int, first: TimeInterval, last: TimeInterval,
        example: ErrorDetail, recent: Int
    ) -> FailureGroup {
        var buckets = Array(repeating: 0, count: 1440)
        if recent > 0 {
            for index in 0..<failures { buckets[1439 - (index * recent / failures) % 1440] += 1 }
        } else {
            buckets[1440 - Int(saturating: first / 60)] += failures
        }
        return FailureGroup(
            signature: signature, job: job, failures: failures, runs: runs, firstSeen: ago(first), lastSeen: ago(last),
            example: example, buckets: buckets)
    }
}
