import Foundation
import Testing

/// Where the PostgreSQL tests find their server, and how they are gated: `STACKSHIFT_POSTGRES_URL`
/// (`eval "$(.ci/start-postgres)"` starts one and exports it). Without it the tests are skipped, except in CI
/// (`CI=true`), where a missing server fails them: a skip is never counted as a pass there.
public enum PostgresTestEnvironment {
    /// The server's URL, when one is configured.
    public static let url = setting("STACKSHIFT_POSTGRES_URL")

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
            "CI=true but STACKSHIFT_POSTGRES_URL or STACKSHIFT_POSTGRES_PASSWORD_URL is not set: the PostgreSQL "
                + "tests need a server (eval \"$(.ci/start-postgres)\" starts one and exports both URLs)"
        }
    }

    /// A role on the same server that must prove its password (scram-sha-256) while other users are trusted:
    /// `STACKSHIFT_POSTGRES_PASSWORD_URL`, user and correct password included, set by `.ci/start-postgres`.
    public static let passwordCheckURL = setting("STACKSHIFT_POSTGRES_PASSWORD_URL")

    /// Whether the password tests run: with a password-checked role, and always in CI.
    public static let passwordCheckEnabled = (url != nil && passwordCheckURL != nil) || isCI

    /// Shown when the password tests are skipped.
    public static let passwordCheckSkipReason: Comment =
        "STACKSHIFT_POSTGRES_PASSWORD_URL is not set; .ci/start-postgres creates a role that must give its password"

    /// The password-checked role's URL, or ``MissingServer`` when the environment does not name one.
    public static func requirePasswordCheckURL() throws -> String {
        guard let passwordCheckURL else { throw MissingServer() }
        return passwordCheckURL
    }

    /// The URL, or ``MissingServer``.
    public static func requireURL() throws -> String {
        guard let url else { throw MissingServer() }
        return url
    }

    /// The environment variable's value; nil when it is unset or empty.
    private static func setting(_ name: String) -> String? {
        let value = ProcessInfo.processInfo.environment[name] ?? ""
        return value.isEmpty ? nil : value
    }
}
