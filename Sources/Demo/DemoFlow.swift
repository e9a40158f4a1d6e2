import Foundation

/// A stream of traffic the load generator drives, each starting runs of one job.
public enum DemoFlow: String, Sendable, Hashable, CaseIterable, Codable, CodingKeyRepresentable {
    /// Sign-ups → `sendVerificationEmail`.
    case signups
    /// Payments → `provisionAfterPayment`, then the `payment.confirmed` webhook.
    case payments
    /// Uploads → `processUpload`, some scheduled for later and canceled by the user.
    case uploads
    /// Search index rebuild requests → `rebuildSearchIndex`.
    case searchRebuilds

    /// The job the flow starts.
    public var job: DemoJob {
        switch self {
        case .signups: .sendVerificationEmail
        case .payments: .provisionAfterPayment
        case .uploads: .processUpload
        case .searchRebuilds: .rebuildSearchIndex
        }
    }
}
