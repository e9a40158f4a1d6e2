import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import PostgresJobStore

/// The PostgreSQL server the tests use: `STACKSHIFT_POSTGRES_URL` (`eval "$(.ci/start-postgres)"` starts one
/// and prints it). Every test works in fresh schemas of its own, dropped afterwards, so tests running in
/// parallel on one database never see each other.
enum PostgresTestServer {
    /// The server's URL, when one is configured.
    static var url: String? { PostgresTestEnvironment.url }

    /// Whether the server tests run (see ``PostgresTestEnvironment/enabled``).
    static var enabled: Bool { PostgresTestEnvironment.enabled }

    /// Shown when the tests are skipped.
    static var skipReason: Comment { PostgresTestEnvironment.skipReason }

    /// The URL, or a failure explaining that CI must provide one.
    static func requireURL() throws -> String { try PostgresTestEnvironment.requireURL() }

    /// A schema name no other test uses.
    static func freshSchema() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return "test_" + String((0..<16).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// Options for a test store on `schema`, with a small pool so many tests fit the server's connections.
    static func options(
        _ schema: String, createIfMissing: Bool = true, readOnly: Bool = false
    ) -> PostgresJobStore.Options {
        PostgresJobStore.Options(
            schema: schema, createIfMissing: createIfMissing, readOnly: readOnly, maximumConnections: 6)
    }

    /// Runs `body` with a fresh schema name, dropping the schema afterwards whatever happens.
    static func withSchema(_ body: (_ url: String, _ schema: String) async throws -> Void) async throws {
        let url = try requireURL()
        let schema = freshSchema()
        do {
            try await body(url, schema)
        } catch {
            try? await PostgresJobStore.dropSchema(schema, url: url)
            throw error
        }
        try await PostgresJobStore.dropSchema(schema, url: url)
    }

    /// Runs `body` with `count` stores sharing one fresh schema (like processes sharing a database), closing
    /// them and dropping the schema afterwards.
    static func withStores(_ count: Int, _ body: ([PostgresJobStore]) async throws -> Void) async throws {
        try await withSchema { url, schema in
            var stores: [PostgresJobStore] = []
            do {
                for _ in 0..<count {
                    stores.append(try await PostgresJobStore.connect(url: url, options: options(schema)))
                }
                try await body(stores)
            } catch {
                for store in stores { try? await store.close() }
                throw error
            }
            for store in stores { try await store.close() }
        }
    }

    /// `url` with its user, password and/or database replaced.
    static func url(
        _ url: String, user: String? = nil, password: String? = nil, database: String? = nil
    ) throws
        -> String
    {
        var components = try #require(URLComponents(string: url))
        if let user { components.user = user }
        if let password { components.password = password }
        if let database { components.path = "/" + database }
        return try #require(components.string)
    }
}

/// The error `body` throws as a ``JobStoreError``, recording an issue when it throws nothing or something else.
func storeError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> JobStoreError? {
    do {
        try await body()
        Issue.record("expected a JobStoreError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as JobStoreError {
        return error
    } catch {
        Issue.record("expected a JobStoreError, got \(String(reflecting: error))", sourceLocation: sourceLocation)
    }
    return nil
}
