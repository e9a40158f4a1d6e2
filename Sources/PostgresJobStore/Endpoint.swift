import Foundation
import Logging
import PostgresNIO

/// Where and how to open a single, unpooled connection: for migrations and for listening to notifications.
/// Every connection the store opens, pooled or not, starts with `search_path` set to the store's schema.
struct Endpoint: Sendable {
    let url: ConnectionURL
    let schema: String
    let connectTimeout: Duration
    let logger: Logger

    /// Set by the server at connection start: the store's schema is the only one searched, so its SQL needs
    /// no schema prefix, and `application_name` shows StackShift and the schema in `pg_stat_activity`.
    var startupParameters: [(String, String)] {
        [("search_path", schema), ("application_name", applicationName)]
    }

    /// `stackshift/<schema>`, cut to PostgreSQL's 63 bytes.
    var applicationName: String {
        String(("stackshift/" + schema).utf8.prefix(63)) ?? "stackshift"
    }

    func connect() async throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: try url.connectionTLS())
        configuration.options.additionalStartupParameters = startupParameters
        let nanoseconds =
            connectTimeout.components.seconds * 1_000_000_000 + connectTimeout.components.attoseconds / 1_000_000_000
        configuration.options.connectTimeout = .nanoseconds(nanoseconds)
        return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    }
}
