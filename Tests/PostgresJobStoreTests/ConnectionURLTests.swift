import Foundation
import JobStore
import Testing

@testable import PostgresJobStore

/// Parsing `postgres://` URLs the way libpq reads them.
@Suite("PostgreSQL URLs")
struct ConnectionURLTests {
    @Test("user, password and database are decoded once; defaults fill the rest")
    func parts() throws {
        let url = try ConnectionURL(parsing: "postgresql://app%40corp:p%2540ss@db.internal/jobs%20prod")
        #expect(url.user == "app@corp" && url.password == "p%40ss" && url.database == "jobs prod")
        #expect(url.host == "db.internal" && url.port == 5432 && url.tls == .prefer && url.schema == nil)
        #expect(url.location == "db.internal:5432/jobs prod")
    }

    @Test("query parameters: sslmode, schema, connect_timeout; unknown ones are ignored")
    func parameters() throws {
        let url = try ConnectionURL(
            parsing:
                "postgres://app@[::1]:6543/jobs?sslmode=disable&schema=tenant_a&connect_timeout=3&channel_binding=x")
        #expect(url.host == "::1" && url.port == 6543 && url.location == "[::1]:6543/jobs")
        #expect(url.tls == .disable && url.schema == "tenant_a" && url.connectTimeout == .seconds(3))
    }

    @Test("a missing database means the user's own, as in libpq")
    func defaultDatabase() throws {
        #expect(try ConnectionURL(parsing: "postgres://app@db").database == "app")
    }

    @Test("messages never show the password, even of a URL that does not parse")
    func redaction() {
        #expect(ConnectionURL.redacted("postgres://app:s3cret@db/jobs") == "postgres://app:***@db/jobs")
        #expect(ConnectionURL.redacted("postgres://app:s3@cret@db/jobs") == "postgres://app:***@db/jobs")
        #expect(ConnectionURL.redacted("postgres://app@db/jobs") == "postgres://app@db/jobs")
    }
}
