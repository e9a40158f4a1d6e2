import JobStore

/// A JSON Pointer (RFC 6901), `/data/object/metadata/paymentId`: where a webhook's correlation key is.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The reference tokens, unescaped (`~1` is `/`, `~0` is `~`).
    public let tokens: [String]
    /// The pointer as written.
    public let description: String

    /// Parses a pointer: empty (the whole document) or `/`-separated tokens.
    ///
    /// - Throws: ``WebhookDefinitionError`` when it does not start with `/` or has a `~` not followed by 0 or 1.
    public init(_ text: String) throws {
        guard text.isEmpty || text.hasPrefix("/") else {
            throw WebhookDefinitionError("the JSON pointer \(text) must start with /")
        }
        var tokens: [String] = []
        for raw in text.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            var token = ""
            var escape = false
            for character in raw {
                if escape {
                    guard character == "0" || character == "1" else {
                        throw WebhookDefinitionError(
                            "the JSON pointer \(text) has ~\(character); only ~0 and ~1 escape")
                    }
                    token.append(character == "0" ? "~" : "/")
                    escape = false
                } else if character == "~" {
                    escape = true
                } else {
                    token.append(character)
                }
            }
            guard !escape else { throw WebhookDefinitionError("the JSON pointer \(text) ends in a lone ~") }
            tokens.append(token)
        }
        self.tokens = tokens
        self.description = text
    }

    /// The value at this pointer in `document`; nil when a step finds nothing.
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object:
                guard let next = current[token] else { return nil }
                current = next
            case .array(let items):
                // RFC 6901: an index is digits without a leading zero.
                guard let index = Int(token), String(index) == token, items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The correlation key at this pointer: a string as is, a number as written; nil for anything else.
    public func key(in document: JSONValue) -> String? {
        switch resolve(in: document) {
        case .string(let text)?: text.isEmpty ? nil : text
        case .number(let text)?: text
        default: nil
        }
    }
}
