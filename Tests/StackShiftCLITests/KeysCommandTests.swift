import DurableJobs
import Foundation
import JobStore
import SQLiteJobStore
import Testing

/// `stackshift keys create|list|revoke`, and `events list --rejected`: the CLI side of `stackshift serve`.
@Suite("stackshift keys and events list --rejected", .temporaryFolders, .timeLimit(.minutes(3)))
struct KeysCommandTests {
    /// A fresh, empty database file.
    static func emptyDatabase() throws -> String {
        let path = try temporaryDirectory().appendingPathComponent("jobs.sqlite").path
        _ = try SQLiteJobStore(path: path)
        return path
    }

    /// The keys as the store keeps them, hashes and salts included.
    static func storedKeys(_ path: String) async throws -> [APIKeyRecord] {
        try await StackShift(store: try SQLiteJobStore(path: path)).operations.apiKeys()
    }

    /// Whether `text` is shaped like a token: `ssk_`, 16 hex digits, `_`, at least 32 base64url characters.
    static func isToken(_ text: Substring) -> Bool {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        let base64URL = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return parts.count == 3 && parts[0] == "ssk" && parts[1].count == 16 && parts[1].allSatisfy(\.isHexDigit)
            && parts[2].count >= 32 && parts[2].allSatisfy(base64URL.contains)
    }

    @Test("keys create prints the token once; list never shows it; revoke; a second active name is refused")
    func roundTrip() async throws {
        let db = try Self.emptyDatabase()
        let created = try await CLIProcess.run(["keys", "create", "stripe-webhooks", "--scope", "events", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        let lines = created.stdout.split(separator: "\n")
        let token = try #require(lines.first)
        #expect(lines.count == 1 && Self.isToken(token), "the token alone on stdout: \(created.stdout)")
        #expect(created.stderr.contains("created API key stripe-webhooks (scope events, never expires)"))
        #expect(created.stderr.contains("cannot be shown again"), "\(created.stderr)")
        #expect(created.stderr.contains("Authorization: Bearer"), "\(created.stderr)")
        #expect(!created.stderr.contains(token), "printed once: \(created.stderr)")

        let stored = try #require(try await Self.storedKeys(db).first)
        let list = try await CLIProcess.run(["keys", "list", "--db", db])
        #expect(list.status == 0, "\(list.stderr)")
        let row = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("stripe-webhooks") })
        #expect(row.contains("events") && row.hasSuffix("active"), "\(list.stdout)")
        #expect(list.stdout.hasPrefix("NAME"), "\(list.stdout)")
        let json = try await CLIProcess.run(["keys", "list", "--json", "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        for output in [list.stdout, json.stdout] {
            for secret in [String(token), stored.hash, stored.salt, stored.lookup] {
                #expect(!output.contains(secret), "a listing shows no token, hash, salt or lookup: \(output)")
            }
        }
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(keys.count == 1 && keys[0]["status"] as? String == "active" && keys[0]["hash"] == nil)
        #expect(Set(keys[0].keys).isDisjoint(with: ["hash", "salt", "lookup", "token"]))

        let again = try await CLIProcess.run(["keys", "create", "stripe-webhooks", "--scope", "read", "--db", db])
        #expect(again.status == 1 && again.stdout.isEmpty, "\(again.stdout)")
        #expect(again.stderr.hasPrefix("stackshift: ") && again.stderr.contains("stripe-webhooks"), "\(again.stderr)")
        #expect(again.stderr.split(separator: "\n").count == 1, "one line: \(again.stderr)")
        #expect(try await Self.storedKeys(db).count == 1, "nothing was added")

        let revoked = try await CLIProcess.run(["keys", "revoke", "stripe-webhooks", "--db", db])
        #expect(revoked.status == 0 && revoked.stdout.contains("revoked API key stripe-webhooks"), "\(revoked)")
        let after = try await CLIProcess.run(["keys", "list", "--db", db])
        #expect(
            after.stdout.split(separator: "\n").contains { $0.hasPrefix("stripe-webhooks") && $0.hasSuffix("revoked") })
        let revokedJSON = try await CLIProcess.run(["keys", "list", "--json", "--db", db])
        #expect(revokedJSON.stdout.contains(#""status" : "revoked""#), "\(revokedJSON.stdout)")
        let twice = try await CLIProcess.run(["keys", "revoke", "stripe-webhooks", "--db", db])
        #expect(twice.status == 1 && twice.stderr.contains("no API key named stripe-webhooks"), "\(twice.stderr)")

        // A revoked key's name is free again; the new key expires when asked.
        let renewed = try await CLIProcess.run([
            "keys", "create", "stripe-webhooks", "--scope", "events", "--expires", "90d", "--db", db,
        ])
        #expect(renewed.status == 0 && renewed.stderr.contains("expires "), "\(renewed.stderr)")
        let both = try await Self.storedKeys(db)
        #expect(both.count == 2 && both.filter { $0.revokedAt == nil }.count == 1)
        let lifetime = try #require(both.first { $0.revokedAt == nil }?.expiresAt).timeIntervalSinceNow
        #expect(abs(lifetime - 90 * 86_400) < 600, "\(lifetime)")
    }

    @Test(
        "keys create refuses a bad --expires in one line naming it, and adds nothing",
        arguments: ["nan", "-1d", "99999d", "30s", "1e300d"])
    func badExpiry(_ value: String) async throws {
        let db = try Self.emptyDatabase()
        let result = try await CLIProcess.run([
            "keys", "create", "ci", "--scope", "read", "--expires", value, "--db", db,
        ])
        #expect(result.status == 1 && result.stdout.isEmpty, "\(value): \(result.stdout)")
        #expect(result.stderr.hasPrefix("stackshift: --expires \(value)"), "\(value): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(try await Self.storedKeys(db).isEmpty)
    }

    @Test("events list --rejected shows a rejected delivery, its control characters escaped; --json has it exact")
    func rejectedDeliveries() async throws {
        let db = try Self.emptyDatabase()
        let operations = StackShift(store: try SQLiteJobStore(path: db)).operations
        let body =
            "{\"data\":{\"idx\":\"pay\u{1B}]0;pwned\u{07}_1\"},\n\"pad\":\"" + String(repeating: "x", count: 200)
            + "\"}"
        try await operations.recordRejectedWebhook(
            "stripe", event: "payment.confirmed", reason: "no correlation key at /data/id", body: Data(body.utf8))
        try await operations.recordRejectedWebhook(
            "github", event: "build.finished", reason: "the signature does not match", body: Data([0xFF, 0xFE]))

        let list = try await CLIProcess.run(["events", "list", "--rejected", "--db", db])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID  WEBHOOK  EVENT") == true, "\(list.stdout)")
        #expect(lines.count == 3 && lines[1].contains("github") && lines[2].contains("stripe"), "newest first")
        let stripe = lines[2]
        #expect(stripe.contains("payment.confirmed") && stripe.contains("no correlation key at /data/id"))
        #expect(stripe.contains(#"{"data":{"idx":"pay\u{1B}]0;pwned\u{7}_1"},\u{A}"pad""#), "\(stripe)")
        #expect(stripe.hasSuffix("…") && !stripe.contains(String(repeating: "x", count: 100)), "cut to fit: \(stripe)")
        #expect(lines[1].contains("(2 bytes, not UTF-8 text)"), "\(lines[1])")
        #expect(!list.stdout.contains("\u{1B}") && !list.stdout.contains("\u{07}"), "nothing reaches the terminal raw")

        let only = try await CLIProcess.run(["events", "list", "--rejected", "--webhook", "stripe", "--db", db])
        #expect(only.status == 0 && only.stdout.split(separator: "\n").count == 2, "\(only.stdout)")
        let none = try await CLIProcess.run(["events", "list", "--rejected", "--webhook", "shopify", "--db", db])
        #expect(none.stdout == "no rejected webhook deliveries to webhook shopify\n", "\(none.stdout)")

        let json = try await CLIProcess.run(["events", "list", "--rejected", "--json", "--limit", "1", "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        struct Delivery: Decodable {
            var webhook: String
            var body: String?
            var bodyBase64: String?
        }
        let github = try JSONDecoder.iso.decode([Delivery].self, from: Data(json.stdout.utf8))
        #expect(github.count == 1 && github[0].webhook == "github" && github[0].bodyBase64 == "//4=")
        let all = try await CLIProcess.run(["events", "list", "--rejected", "--json", "--db", db])
        let deliveries = try JSONDecoder.iso.decode([Delivery].self, from: Data(all.stdout.utf8))
        #expect(deliveries.last?.body == body, "JSON output is exact")

        let mixed = try await CLIProcess.run(["events", "list", "--rejected", "--unconsumed", "--db", db])
        #expect(mixed.status != 0 && mixed.stderr.contains("--unconsumed narrows events"), "\(mixed.stderr)")
        let orphan = try await CLIProcess.run(["events", "list", "--webhook", "stripe", "--db", db])
        #expect(orphan.status != 0 && orphan.stderr.contains("add --rejected"), "\(orphan.stderr)")
    }
}
