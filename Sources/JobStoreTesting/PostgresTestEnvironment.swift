import Foundation
import Testing

/// Where the PostgreSQL tests find their server, and how they are gated: `STACKSHIFT_POSTGRES_URL`
/// (`eval "$(.ci/start-postgres)"` starts one and exports it). Without it the tests are skipped, except in CI
/// (`CI=true`), where a missing server fails them: a skip is never counted as a pass there.
public enum PostgresTestEnvironment {
    /// The server's URL, when one is configured.
    public static let url: String? = {
        let value = ProcessInfo.processInfo.environment["STACKSHIFT_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    /// Whether this is a CI run, where a missing server is a failure.
    public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the PostgreSQL tests run: with a server, and always in CI (where they then fail without one).
    public static let enabled = url != nil || isCI

    /// Shown when the tests are skipped.
    public static let skipReason: Comment =
        "STACKSHIFT_POSTGRES_URL is not set; run eval \"$(.ci/start-postgres)\" to test against PostgreSQL"

    /// CI asked for the PostgreSQL tests without giving them a server.
    public struct MissingServer: Error, CustomStringConvertible {
        /// What is missing and how to provide it.
        public var description: String {
            "CI=true but STACKSHIFT_POSTGRES_URL is not set: the PostgreSQL tests need a server "
                + "(eval \"$(.ci/start-postgres)\" starts one and exports its URL)"
        }
    }

    /// The URL, or ``MissingServer``.
    public static func requireURL() throws -> String {
        guard let url else { throw MissingServer() }
        return url
    }
}
