import Foundation
import JobStore
import PostgresNIO

/// A parsed `postgres://user:password@host:port/database?sslmode=…` URL.
///
/// Every message built from it names the host, port, database and user, never the password.
struct ConnectionURL: Sendable, Hashable {
    /// How TLS is negotiated, as libpq's `sslmode` names it.
    enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    static let example = "postgres://user:password@host:5432/database?sslmode=disable"

    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var tls: TLSMode
    /// The `schema` query parameter, when given; it overrides ``PostgresJobStore/Options/schema``.
    var schema: String?
    /// The `connect_timeout` query parameter, in seconds.
    var connectTimeout: Duration?
    /// The URL as given, with its password shown as `***`: for commands a message suggests.
    var printableText: String

    /// Parses `text`, refusing anything that is not a complete PostgreSQL URL.
    ///
    /// - Throws: ``JobStoreError/unavailable(_:)`` with one line saying what is wrong and what a URL looks like.
    init(parsing text: String) throws {
        func refuse(_ problem: String) -> JobStoreError {
            .unavailable("invalid PostgreSQL URL \(Self.redacted(text)): \(problem); expected \(Self.example)")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw refuse(
                "it is not a URL (check that the port is a number and that the password escapes @, / and % "
                    + "as %40, %2F and %25)")
        }
        printableText = Self.printable(trimmed, components)
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw refuse("the scheme is \(scheme)://, not postgres://")
        }
        guard let host = components.host, !host.isEmpty else { throw refuse("it names no host") }
        if let port = components.port, !(1...65_535).contains(port) { throw refuse("port \(port) is out of range") }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        // URLComponents has already decoded %-escapes in the user, password and path.
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        self.user = user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        self.password = components.password
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.contains("/") else { throw refuse("the database name \(database) contains a slash") }
        self.database = database.isEmpty ? self.user : database
        tls = .prefer
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw refuse("sslmode=\(value) is not one of \(modes)")
                }
                tls = mode
            case "schema", "search_path":
                schema = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw refuse("connect_timeout=\(value) is not a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            default:
                // Providers add parameters (application_name, channel_binding, …) this driver does not need.
                continue
            }
        }
    }

    /// `host:port/database`, for messages.
    var location: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(shownHost):\(port)/\(database)"
    }

    /// `stackshift migrate --db URL`, quoted for a shell: the command that creates or upgrades the store in
    /// `schema`, which the URL names when it is not the default.
    func migrateCommand(schema: String) -> String {
        var url = printableText
        if self.schema == nil && schema != PostgresJobStore.Options().schema {
            url += (url.contains("?") ? "&" : "?") + "schema=\(schema)"
        }
        return ShellCommand.line(["stackshift", "migrate", "--db", url])
    }

    /// `text` with the password in its user part and any `password` query parameter shown as `***`.
    private static func printable(_ text: String, _ components: URLComponents) -> String {
        var components = components
        if components.password != nil { components.password = "***" }
        if let items = components.queryItems, items.contains(where: { $0.name.lowercased() == "password" }) {
            components.queryItems = items.map { item in
                item.name.lowercased() == "password" ? URLQueryItem(name: item.name, value: "***") : item
            }
        }
        return components.string ?? redacted(text)
    }

    /// The URL with its password replaced by `***`, for messages about text that may not even parse.
    static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"),
            let at = text[schemeEnd.upperBound...].lastIndex(of: "@")
        else { return text }
        let userInfo = text[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    /// The TLS setting PostgresNIO's pooled client takes.
    func clientTLS() -> PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .allow, .prefer: .prefer(Self.unverifiedTLS())
        case .require: .require(Self.unverifiedTLS())
        case .verifyCA, .verifyFull: .require(.makeClientConfiguration())
        }
    }

    /// The TLS setting a single PostgresNIO connection takes (it needs a built SSL context).
    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(try NIOSSLContext(configuration: Self.unverifiedTLS()))
        case .require: return .require(try NIOSSLContext(configuration: Self.unverifiedTLS()))
        case .verifyCA, .verifyFull: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// libpq's `prefer` and `require` encrypt without verifying the server's certificate.
    private static func unverifiedTLS() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }
}
