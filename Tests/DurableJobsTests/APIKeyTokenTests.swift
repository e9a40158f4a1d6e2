import DurableJobs
import Foundation
import JobStore
import Testing

/// API key tokens: their shape, that only the salted hash is kept, and that a near miss never matches.
@Suite("API key tokens")
struct APIKeyTokenTests {
    func record(for token: APIKeyToken, salt: String = APIKeyToken.salt()) -> APIKeyRecord {
        APIKeyRecord(
            lookup: token.lookup, name: "k", scope: .read, salt: salt, hash: token.hash(salt: salt), createdAt: Date(),
            createdBy: "test")
    }

    @Test("a token is ssk_, 16 hex digits, _, a base64url secret; it parses back to the same lookup")
    func shape() throws {
        let token = APIKeyToken.generate()
        #expect(token.text.hasPrefix("ssk_") && token.text.count == 4 + 16 + 1 + 43)
        let parsed = try #require(APIKeyToken(parsing: token.text))
        #expect(parsed.lookup == token.lookup)
        #expect(APIKeyToken.generate().text != token.text, "two tokens differ")
        #expect(!token.description.contains(token.text.suffix(40)), "its description never shows the secret")
    }

    @Test("the hash matches only the exact token; the salt makes equal tokens hash differently")
    func matching() throws {
        let token = APIKeyToken.generate()
        let stored = record(for: token)
        #expect(token.matches(stored))
        #expect(stored.hash != token.text && !stored.hash.contains(token.text))
        var altered = Array(token.text)
        altered[altered.count - 1] = altered.last == "A" ? "B" : "A"
        let near = try #require(APIKeyToken(parsing: String(altered)))
        #expect(!near.matches(stored))
        #expect(record(for: token).hash != stored.hash, "another salt, another hash")
    }

    @Test("the stored hash is SHA-256 of salt and token in lowercase hex, as keys created earlier were hashed")
    func knownHash() throws {
        let token = try #require(APIKeyToken(parsing: "ssk_0123456789abcdef_" + String(repeating: "A", count: 43)))
        #expect(token.hash(salt: "00ff") == "0e2d898054abd6fba2321f8c3b63f276d4f9515526f27302f3ef57b07b71ca48")
    }

    @Test(
        "text that is not a token is refused before any lookup",
        arguments: [
            "", "Bearer", "ssk_", "ssk_0123_abc", "sk_live_0123456789abcdef",
            "ssk_0123456789abcdeg_" + String(repeating: "A", count: 43),
            "ssk_0123456789abcdef_" + String(repeating: "A", count: 20),
            "ssk_0123456789abcdef_" + String(repeating: "A", count: 200),
            "ssk_0123456789abcdef_AAAA AAAA" + String(repeating: "A", count: 40),
            "ssk_0123456789abcdef_" + String(repeating: "é", count: 40),
            "ssk_０123456789abcdef_" + String(repeating: "A", count: 43),
        ])
    func refusesNonTokens(text: String) {
        #expect(APIKeyToken(parsing: text) == nil)
    }
}
