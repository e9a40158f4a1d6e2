import Foundation
import JobStore
import PostgresNIO

/// Turns PostgresNIO's errors into ``JobStoreError``s that name the server and say what to check, so no raw
/// `PSQLError` (whose description is a generic placeholder) reaches a user.
struct StoreErrors: Sendable {
    /// `host:port/database`.
    let location: String
    let user: String
    let database: String
    let schema: String

    init(url: ConnectionURL, schema: String) {
        location = url.location
        user = url.user
        database = url.database
        self.schema = schema
    }

    var closed: JobStoreError { .unavailable("the store on PostgreSQL \(location) is closed") }

    var lostConnection: JobStoreError {
        .unavailable(
            "lost the connection to PostgreSQL at \(location) during the operation; "
                + "the store reconnects, so retry (if the server restarted, this is expected)")
    }

    func map(_ error: any Error) -> any Error {
        switch error {
        case is JobStoreError, is CancellationError:
            return error
        case let problem as RowDecodingProblem:
            return JobStoreError.incompatibleDatabase(
                "PostgreSQL \(location) schema \(schema) holds a value this binary cannot read (\(problem.detail)); "
                    + "was it written by a newer StackShift?")
        case let error as PSQLError:
            return map(error)
        case is ConnectionClosed:
            return lostConnection
        case _ where String(describing: type(of: error)) == "ConnectionPoolError":
            // The pool's error type lives in a module this target does not import; its cases are named.
            let detail = String(reflecting: error)
            if detail.contains("poolShutdown") || detail.contains("requestCancelled") { return closed }
            return JobStoreError.unavailable(
                "cannot reach PostgreSQL at \(location): no connection could be made for a minute; "
                    + "check that the server is running and reachable (the store keeps retrying)")
        default:
            return JobStoreError.unavailable("PostgreSQL \(location) failed: \(error)")
        }
    }

    private func map(_ error: PSQLError) -> any Error {
        switch error.code {
        case .server:
            return server(error)
        case .connectionError:
            return JobStoreError.unavailable(
                "cannot connect to PostgreSQL at \(location): \(Self.describe(error.underlying)); "
                    + "check that the server is running and the host and port in the URL")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return lostConnection
        case .poolClosed, .queryCancelled:
            return closed
        case .authMechanismRequiresPassword:
            return JobStoreError.unavailable(
                "PostgreSQL at \(location) asks for a password for user \(user); "
                    + "put it in the URL (postgres://\(user):PASSWORD@…)")
        case .unsupportedAuthMechanism, .saslError:
            return JobStoreError.unavailable(
                "PostgreSQL at \(location) wants an authentication method this driver cannot use for user \(user); "
                    + "allow scram-sha-256, md5 or password for it in pg_hba.conf")
        case .sslUnsupported:
            return JobStoreError.unavailable(
                "PostgreSQL at \(location) does not accept TLS connections; "
                    + "add ?sslmode=disable (or sslmode=prefer) to the URL")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return JobStoreError.unavailable(
                "TLS with PostgreSQL at \(location) failed; check the server's certificate or the URL's sslmode")
        default:
            return JobStoreError.unavailable("PostgreSQL at \(location) failed: \(error.code)")
        }
    }

    /// Errors the server reported, by SQLSTATE.
    private func server(_ error: PSQLError) -> any Error {
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "no message"
        let constraint = error.serverInfo?[.constraintName] ?? ""
        switch state {
        case "28P01":
            return JobStoreError.unavailable(
                "PostgreSQL at \(location) refused user \(user): wrong password; check the user and password in the URL"
            )
        case "28000":
            return JobStoreError.unavailable(
                "PostgreSQL at \(location) refused user \(user) (\(message)); "
                    + "check the user in the URL and the server's pg_hba.conf")
        case "3D000":
            return JobStoreError.unavailable(
                "database \(database) does not exist on PostgreSQL at \(location); "
                    + "create it (createdb \(database)) or fix the database name in the URL")
        case "42501":
            return JobStoreError.unavailable(
                "user \(user) may not use schema \(schema) on PostgreSQL at \(location) (\(message)); "
                    + "grant it the privilege, or choose another schema")
        case "53300":
            return JobStoreError.unavailable(
                "PostgreSQL at \(location) has no free connections (\(message)); "
                    + "raise max_connections or lower the store's maximumConnections")
        case "57P01", "57P02", "57P03":
            return JobStoreError.unavailable(
                "PostgreSQL at \(location) is restarting or shutting down (\(message)); the store reconnects, so retry")
        case "23514":
            return checkViolation(constraint: constraint, message: message)
        case "23505" where constraint == "runs_pkey":
            return JobStoreError.invalidInput("a run with that id already exists")
        case "22021", "22P05":
            return JobStoreError.invalidInput(
                "text contains a character PostgreSQL cannot store (such as NUL): \(message)")
        case "22003":
            return JobStoreError.invalidInput("a number is out of range: \(message)")
        case "42P01", "42703", "42883":
            return JobStoreError.incompatibleDatabase(
                "PostgreSQL \(location) schema \(schema) is not the StackShift schema this binary expects "
                    + "(\(message)); check the schema, or upgrade stackshift")
        default:
            return JobStoreError.unavailable("PostgreSQL at \(location) failed: \(message) (SQLSTATE \(state))")
        }
    }

    /// JSON columns carry named CHECK constraints, so bad input is reported by field.
    private func checkViolation(constraint: String, message: String) -> any Error {
        let fields: [(constraint: String, field: String)] = [
            ("step_result_is_json", "step result"), ("event_payload_is_json", "event payload"),
            ("schedule_payload_is_json", "schedule payload"), ("state_value_is_json", "state value"),
            ("payload_is_json", "payload"), ("result_is_json", "result"),
        ]
        if let match = fields.first(where: { $0.constraint == constraint }) {
            return JobStoreError.invalidInput("the \(match.field) is not valid JSON")
        }
        return JobStoreError.invalidInput("the database refused the change: \(message)")
    }

    /// A short phrase for a connection failure: refused, timed out, unknown host, or the error itself.
    static func describe(_ underlying: (any Error)?) -> String {
        guard let underlying else { return "the connection failed" }
        let text = String(describing: underlying)
        let lowered = text.lowercased()
        if lowered.contains("refused") { return "connection refused" }
        if lowered.contains("timeout") || lowered.contains("timed out") { return "timed out" }
        if lowered.contains("resol") || lowered.contains("nodename") || lowered.contains("unknown host") {
            return "the host name could not be resolved"
        }
        if lowered.contains("unreachable") { return "the network or host is unreachable" }
        return text.replacingOccurrences(of: "\n", with: " ")
    }

    /// Whether a failed transaction may simply run again: deadlocks, serialisation failures, lock timeouts.
    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return ["40P01", "40001", "55P03"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// Whether the connection itself failed, so nothing the operation sent can have committed when it happened
    /// before the first statement.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if error is ConnectionClosed { return true }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .connectionError: return true
        case .server: return ["57P01", "57P02"].contains(error.serverInfo?[.sqlState] ?? "")
        default: return false
        }
    }
}
