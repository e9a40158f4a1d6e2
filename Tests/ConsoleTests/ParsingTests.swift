import Console
import Foundation
import JobStore
import Testing

@Suite("Near misses, JSON validation, line diffs and durations")
struct ParsingTests {
    @Test(
        "near misses: case, whitespace, both, one character; exact and unrelated keys are not",
        arguments: [
            ("pay_123", "PAY_123", NearMiss.letterCase),
            ("pay_123", "pay_123 ", .whitespace),
            ("pay_123", "\tpay_123\n", .whitespace),
            ("pay_123", " PAY_123", .caseAndWhitespace),
            ("pay_123", "pay_124", .oneCharacter),
            ("pay_123", "pay_12", .oneCharacter),
            ("pay_123", "pay_1234", .oneCharacter),
            ("pay_123", "pay-123", .oneCharacter),
        ] as [(String, String, NearMiss)])
    func nearMisses(expected: String, actual: String, kind: NearMiss) {
        #expect(NearMiss.classify(expected: expected, actual: actual) == kind)
        #expect(
            NearMiss.classify(expected: expected, actual: actual)?.label
                == RunDiagnosis.NearMiss.difference(expected: expected, actual: actual),
            "the waits view and `why` name a near miss the same way")
    }

    @Test("not near misses: the same key, two edits away, another name")
    func notNearMisses() {
        #expect(NearMiss.classify(expected: "pay_123", actual: "pay_123") == nil)
        #expect(NearMiss.classify(expected: "pay_123", actual: "pay_321") == nil)
        #expect(NearMiss.classify(expected: "pay_123", actual: "inv_9") == nil)
        #expect(NearMiss.classify(expected: "", actual: "ab") == nil)
        #expect(
            NearMiss.classify(
                waitName: "payment.confirmed", waitKey: "pay_123", eventName: "payment.refunded", eventKey: "PAY_123")
                == nil)
        #expect(
            NearMiss.classify(
                waitName: "payment.confirmed", waitKey: "pay_123", eventName: "payment.confirmed", eventKey: "PAY_123")
                == .letterCase)
    }

    @Test("valid JSON of every shape passes")
    func validJSON() {
        for text in [
            "{}", "[]", "null", "true", "0", "-0.5e+10", #""ünïcödé \u00e9 \ud83d\ude00""#,
            #" {"a": [1, 2, {"b": null}], "c": "d\n"} "#, "[1,\n 2,\n 3]\n",
        ] {
            #expect(JSONValidator.check(text) == nil, "\(text)")
        }
    }

    @Test(
        "invalid JSON is explained with line, column, what was expected and what was found",
        arguments: [
            (#"{"a": 1 "b": 2}"#, 1, 9, #"',' or '}' after the value of "a""#, "'\"'"),
            ("{\n  \"ok\": true,\n  \"n\": 01\n}", 3, 9, "'.', 'e' or the end of the number after a leading 0", "'1'"),
            (#"{"a": 1,}"#, 1, 9, "a quoted key after ','", "'}'"),
            ("{a: 1}", 1, 2, "a quoted key or '}'", "'a'"),
            ("['x']", 1, 2, "a value or ']'; strings take double quotes", "'''"),
            (#"{"a": yes}"#, 1, 7, "a value for the key \"a\"", "'yes'"),
            (#"{"a": tru}"#, 1, 7, "'true'", "'tru'"),
            (#""abc"#, 1, 5, "'\"' to close the string", "the end of the text"),
            ("", 1, 1, "a JSON value (object, array, string, number, true, false or null)", "the end of the text"),
            ("{} {}", 1, 4, "the end of the text after the JSON value", "'{'"),
            ("[1, 2", 1, 6, "',' or ']' after an array item", "the end of the text"),
            ("\"a\nb\"", 1, 3, "'\"' to close the string (or \\n for a line break)", "a line break"),
            (#""\x""#, 1, 3, #"one of \" \\ \/ \b \f \n \r \t \u after '\'"#, "'x'"),
            ("1.", 1, 3, "a digit after the decimal point", "the end of the text"),
        ] as [(String, Int, Int, String, String)])
    func invalidJSON(text: String, line: Int, column: Int, expected: String, found: String) throws {
        let error = try #require(JSONValidator.check(text))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.expected == expected)
        #expect(error.found == found)
        #expect(error.description == "line \(line), column \(column): expected \(expected), found \(found)")
        #expect(JSONValue.parse(text) == nil)
    }

    @Test("a line diff keeps common lines and marks removals and additions")
    func lineDiff() {
        let diff = LineDiff.diff(old: "{\n  a: 1,\n  b: 2\n}", new: "{\n  a: 1,\n  b: 3,\n  c: 4\n}")
        #expect(diff.map(\.marked) == ["  {", "    a: 1,", "-   b: 2", "+   b: 3,", "+   c: 4", "  }"])
        #expect(LineDiff.counts(diff) == (1, 2))
        #expect(LineDiff.diff(old: "x", new: "x").allSatisfy { $0.kind == .same })
        let long = (0..<30).map { "line \($0)" }
        var changed = long
        changed[15] = "changed"
        let hunks = LineDiff.hunks(
            LineDiff.diff(old: long.joined(separator: "\n"), new: changed.joined(separator: "\n")))
        #expect(hunks.first! == nil && hunks.last! == nil, "gaps before and after the hunk")
        #expect(hunks.compactMap { $0 }.count == 6, "two lines of context around one change")
    }

    @Test("TTL durations: units, combinations, bare seconds, never; nonsense refused")
    func durations() {
        #expect(DurationText.parse("90s") == .seconds(90))
        #expect(DurationText.parse("10m") == .seconds(600))
        #expect(DurationText.parse("1h30m") == .seconds(5_400))
        #expect(DurationText.parse(" 2d ") == .seconds(172_800))
        #expect(DurationText.parse("45") == .seconds(45))
        #expect(DurationText.parse("never") == .never)
        #expect(DurationText.parse("off") == .never)
        #expect(DurationText.parse("soon") == nil)
        #expect(DurationText.parse("") == nil)
        #expect(DurationText.parse("10") != nil && DurationText.parse("m10") == nil)
    }

    @Test("JSON values print compact and pretty; integers are recognised")
    func jsonText() {
        let value = try! JSONValidator.parse(#"{ "a": [1, 2], "b": {"c": null} }"#).get()
        #expect(value.compactText == #"{"a":[1,2],"b":{"c":null}}"#)
        #expect(value.prettyText == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": null\n  }\n}")
        #expect(JSONValue.parse("1250")?.integerValue == 1250)
        #expect(JSONValue.parse("12.5")?.integerValue == nil)
    }
}
