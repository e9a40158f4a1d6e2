import Foundation
import JobStoreTesting
import PropertyBased
import Testing

@testable import JobStore

/// The JSON validator against random input: valid values survive a round trip, and any text at all either
/// parses or is explained with a position inside it — never a trap.
@Suite("JSON validator: fuzzed with a fixed seed")
struct JSONFuzzTests {
    /// Random JSON values up to four levels deep, with awkward strings and numbers.
    static let values = Generator<JSONValue, Shrink.None<JSONValue>>(run: { random in
        JSONSamples.value(depth: 4, &random)
    })

    /// Random text: mostly characters that mean something in JSON, some anything at all.
    static let texts = Generator<String, Shrink.None<String>>(run: { random in
        JSONSamples.noise(&random)
    })

    /// Valid JSON with one character inserted, removed or replaced: text that is nearly right.
    static let damaged = Generator<String, Shrink.None<String>>(run: { random in
        var scalars = Array(JSONSamples.value(depth: 3, &random).compactText.unicodeScalars)
        let position = Int.random(in: 0...scalars.count, using: &random)
        let replacement = pick(JSONSamples.tokens, &random).unicodeScalars.first ?? "x"
        switch Int.random(in: 0..<3, using: &random) {
        case 0: scalars.insert(replacement, at: position)
        case 1 where position < scalars.count: scalars.remove(at: position)
        default: if position < scalars.count { scalars[position] = replacement }
        }
        return String(String.UnicodeScalarView(scalars))
    })

    @Test("random values round-trip through compact and pretty text")
    func roundTrip() {
        fuzz(count: 300, seed: 14, Self.values) { value in
            let compact = value.compactText
            #expect(JSONValidator.check(compact) == nil, "\(compact)")
            #expect(JSONValue.parse(compact) == value, "\(compact)")
            #expect(JSONValue.parse(value.prettyText) == value, "\(value.prettyText)")
            #expect(JSONValue.parse(compact)?.compactText == compact, "compact text is stable: \(compact)")
        }
    }

    @Test("random text parses or fails with a position inside it")
    func randomText() {
        fuzz(count: 400, seed: 15, Self.texts) { text in expectParsedOrExplained(text) }
    }

    @Test("valid JSON with one character changed parses or fails with a position inside it")
    func damagedText() {
        fuzz(count: 400, seed: 16, Self.damaged) { text in expectParsedOrExplained(text) }
    }

    @Test("random bytes decoded as UTF-8 parse or fail with a position")
    func randomBytes() {
        let bytes = Gen<UInt8>.value(in: 0...255).array(of: 0...64)
        fuzz(count: 300, seed: 17, bytes) { bytes in
            expectParsedOrExplained(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Either a value whose compact text parses back to it, or an error on one line pointing into the text.
    func expectParsedOrExplained(_ text: String) {
        switch JSONValidator.parse(text) {
        case .success(let value):
            #expect(JSONValue.parse(value.compactText) == value, "\(text)")
        case .failure(let error):
            let scalars = text.unicodeScalars.count
            #expect((0...scalars).contains(error.offset), "offset \(error.offset) of \(scalars): \(text)")
            #expect(error.line >= 1 && error.column >= 1, "\(error)")
            #expect(error.line <= text.filter(\.isNewline).count + 1, "\(error)")
            #expect(!error.expected.isEmpty && !error.found.isEmpty, "\(error)")
        }
    }
}

/// Building blocks for random JSON.
enum JSONSamples {
    /// Characters and fragments that mean something to a JSON parser.
    static let tokens = [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "\\ud800", "\\udc00", "\\n", "0", "1", "-", "+", ".", "e",
        "E", "true", "false", "null", " ", "\n", "\r\n", "\t", "a", "é", "😀", "\u{0}", "\u{1B}", "\u{7F}",
        "\u{9B}", "\u{2028}", "\u{FEFF}", "\u{301}", "'",
    ]

    /// Text made of tokens and, now and then, any scalar.
    static func noise(_ random: inout some RandomNumberGenerator) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            if Int.random(in: 0..<5, using: &random) == 0 {
                let value = UInt32.random(in: 0...0x10FFFF, using: &random)
                text.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            } else {
                text += pick(tokens, &random)
            }
        }
        return text
    }

    /// A value of any kind; containers only while `depth` lasts.
    static func value(depth: Int, _ random: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(number(&random))
        case 3, 4: return .string(string(&random))
        case 5:
            return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth - 1, &random) })
        default:
            // Keys may repeat: JSON allows it and the value keeps every member in order.
            return .object(
                (0..<Int.random(in: 0...4, using: &random)).map { _ in
                    (key: string(&random), value: value(depth: depth - 1, &random))
                })
        }
    }

    /// Text of a JSON number: sign, leading zero rules, fraction and exponent all exercised.
    static func number(_ random: inout some RandomNumberGenerator) -> String {
        func digits(_ range: ClosedRange<Int>, _ random: inout some RandomNumberGenerator) -> String {
            String((0..<Int.random(in: range, using: &random)).map { _ in pick(Array("0123456789"), &random) })
        }
        var text = Bool.random(using: &random) ? "-" : ""
        text +=
            Bool.random(using: &random) ? "0" : String(Int.random(in: 1...9, using: &random)) + digits(0...25, &random)
        if Bool.random(using: &random) { text += "." + digits(1...12, &random) }
        if Bool.random(using: &random) {
            text += pick(["e", "E"], &random) + pick(["", "+", "-"], &random) + digits(1...4, &random)
        }
        return text
    }

    /// A string with quotes, backslashes, control characters, non-ASCII and astral characters.
    static func string(_ random: inout some RandomNumberGenerator) -> String {
        let pieces = [
            "a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "e\u{301}",
            "完", "😀", "\u{2028}", "\u{FFFF}", "\r\n",
        ]
        var text = ""
        for _ in 0..<Int.random(in: 0...8, using: &random) { text += pick(pieces, &random) }
        return text
    }
}
