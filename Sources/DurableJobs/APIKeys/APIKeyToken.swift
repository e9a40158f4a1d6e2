import Crypto
import Foundation
import JobStore

/// The secret an API key's holder sends: `ssk_<lookup>_<secret>`, printed once by `stackshift keys create`.
///
/// The lookup (16 hex digits) finds the key's row without a scan; the secret is 32 random bytes in
/// base64url. The store keeps only ``hash(salt:)``, so a copy of the database gives no working token.
public struct APIKeyToken: Sendable, Hashable, CustomStringConvertible {
    /// The key's public id.
    public let lookup: String
    /// The whole token.
    public let text: String

    /// What every token starts with, so a leaked one is recognisable (and secret scanners can find it).
    public static let prefix = "ssk_"
    /// Longer text is never a token: refused before any work.
    static let maximumLength = 128

    /// A new token from the system's secure random source.
    public static func generate() -> APIKeyToken {
        let lookup = Self.hex(Self.randomBytes(8))
        let secret = Data(Self.randomBytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return APIKeyToken(lookup: lookup, text: "\(prefix)\(lookup)_\(secret)")
    }

    private init(lookup: String, text: String) {
        self.lookup = lookup
        self.text = text
    }

    /// The token in `text`; nil when it is not shaped like one (so nothing is looked up for it).
    public init?(parsing text: String) {
        guard text.utf8.count <= Self.maximumLength, text.hasPrefix(Self.prefix) else { return nil }
        let parts = text.dropFirst(Self.prefix.count).split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].utf8.count == 16, parts[0].utf8.allSatisfy(Self.isHexDigit),
            parts[1].utf8.count >= 32, parts[1].utf8.allSatisfy(Self.isBase64URL)
        else { return nil }
        self.init(lookup: String(parts[0]).lowercased(), text: text)
    }

    /// A new random salt, hex.
    public static func salt() -> String { hex(randomBytes(16)) }

    /// SHA-256 of `salt` followed by the token, hex: what the store keeps.
    public func hash(salt: String) -> String {
        Self.hex(Array(SHA256.hash(data: Data((salt + text).utf8))))
    }

    /// Whether this token is the one `record` was made for, comparing the hashes in constant time so the
    /// time taken tells nothing about how much of a guess was right.
    public func matches(_ record: APIKeyRecord) -> Bool {
        let expected = Array(record.hash.utf8)
        let actual = Array(hash(salt: record.salt).utf8)
        guard expected.count == actual.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ actual[index] }
        return difference == 0
    }

    /// `ssk_1a2b…`: never the secret, so a token printed by mistake in a log gives nothing away.
    public var description: String { "\(Self.prefix)\(lookup)_…" }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Lowercase hex of `bytes`. Every request's key check hashes its token, so this stays off `String(format:)`,
    /// which cost a tenth of the server's time per event.
    static func hex(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = hexDigits[Int(byte >> 4)]
                buffer[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// Letters, digits, `-` and `_`.
    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }
}
