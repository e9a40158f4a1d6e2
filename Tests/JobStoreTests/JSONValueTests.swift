import Foundation
import Testing

@testable import JobStore

@Suite("JSONValue: one lossless JSON type and one strict validator")
struct JSONValueTests {
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
            ("NaN", 1, 1, "a JSON value (object, array, string, number, true, false or null)", "'NaN'"),
            (
                #"{"name":"\ud800"}"#, 1, 10, #"a low surrogate (\uDC00–\uDFFF) right after \uD800"#,
                #"\uD800 alone (a lone surrogate is not a character)"#
            ),
            (
                #""ab\uDBFFc""#, 1, 4, #"a low surrogate (\uDC00–\uDFFF) right after \uDBFF"#,
                #"\uDBFF alone (a lone surrogate is not a character)"#
            ),
            (
                #"["\udc00"]"#, 1, 3, #"a high surrogate (\uD800–\uDBFF) before \uDC00"#,
                #"\uDC00 alone (a lone surrogate is not a character)"#
            ),
            (#""\ud83d\u0041""#, 1, 8, #"a low surrogate (\uDC00–\uDFFF) right after \uD83D"#, #"\u0041"#),
        ] as [(String, Int, Int, String, String)])
    func invalidJSON(text: String, line: Int, column: Int, expected: String, found: String) throws {
        let error = try #require(JSONValidator.check(text))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.expected == expected)
        #expect(error.found == found)
        #expect(error.description == "line \(line), column \(column): expected \(expected), found \(found)")
        #expect(JSONValue.parse(text) == nil)
        #expect(throws: error) { try JSONValue(parsing: text) }
    }

    @Test("parsing keeps key order and numbers as written; compact and pretty text show them")
    func orderAndNumbersKept() throws {
        let text = #"{ "zeta": 1, "alpha": [1.50, 9007199254740993, -0, 1e400], "mid": {"c": null, "b": "x"} }"#
        let value = try JSONValue(parsing: text)
        #expect(
            value.compactText == #"{"zeta":1,"alpha":[1.50,9007199254740993,-0,1e400],"mid":{"c":null,"b":"x"}}"#)
        #expect(value["alpha"]?[1]?.integerValue == 9_007_199_254_740_993)
        #expect(try JSONValue(parsing: value.compactText).compactText == value.compactText)
        let pretty = try JSONValue(parsing: #"{ "a": [1, 2], "b": {"c": null}, "d": [], "e": {} }"#).prettyText
        #expect(
            pretty
                == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": null\n  },\n  \"d\": [],\n  \"e\": {}\n}"
        )
        #expect(JSONValue.compact("not json") == "not json" && JSONValue.pretty("[1,2]") == "[\n  1,\n  2\n]")
        #expect(JSONValue.parse("1250")?.integerValue == 1250)
        #expect(JSONValue.parse("12.5")?.integerValue == nil)
        #expect(JSONValue.quote("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }

    @Test("Codable round trip through Foundation keeps big integers exact and every shape")
    func codableRoundTrip() throws {
        let value: JSONValue = [
            "big": .number(Int64.max), "exact": 9_007_199_254_740_993, "unsigned": .number("18446744073709551615"),
            "half": 0.5, "negative": -3, "text": "é\n", "flag": true, "nothing": nil, "list": [1, "two", [nil]],
            "nested": ["inner": [:]],
        ]
        let data = try JSONEncoder().encode(value)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(decoded == value)
        #expect(decoded["exact"]?.integerValue == 9_007_199_254_740_993)
        #expect(decoded["big"]?.integerValue == Int64.max)
        #expect(decoded["unsigned"] == .number("18446744073709551615"))
        let wrapped = try JSONDecoder().decode([String: JSONValue].self, from: Data(#"{"v":[1,{"k":2.25}]}"#.utf8))
        #expect(wrapped["v"] == [1, ["k": 2.25]])
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(JSONValue.number("1e400")) }
    }

    @Test("every literal builds the value it reads as")
    func literals() {
        let object: JSONValue = ["b": 1, "a": 2, "b": 3]
        #expect(object.compactText == #"{"b":3,"a":2}"#, "a repeated key keeps its first place and last value")
        let array: JSONValue = [1, 2.5, "s", true, false, nil, [], [:]]
        #expect(array.compactText == #"[1,2.5,"s",true,false,null,[],{}]"#)
        #expect(JSONValue(stringLiteral: "x") == .string("x"))
        #expect(JSONValue(integerLiteral: -7) == .number("-7"))
        #expect(JSONValue(floatLiteral: 1e20).compactText == "1e+20")
        #expect(JSONValue(booleanLiteral: true).boolValue == true)
        #expect(JSONValue(nilLiteral: ()) == .null)
        #expect(JSONValue.number(Double.nan) == .null && JSONValue.number(Double.infinity) == .null)
        #expect(JSONValue("x").stringValue == "x" && JSONValue.number(2.5).doubleValue == 2.5)
    }

    @Test("equality is JSON's: key order does not matter, numbers compare by decimal value")
    func equality() throws {
        #expect(try JSONValue(parsing: #"{"a":1,"b":[true]}"#) == ["b": [true], "a": 1])
        #expect(try JSONValue(parsing: #"{"a":1}"#) != ["a": 2])
        #expect(try JSONValue(parsing: "[1, 1.0, 10e-1, 0.1e1, -0, 0.0]") == [1, 1, 1, 1, 0, 0])
        #expect(JSONValue.number("9007199254740993") != .number("9007199254740992"), "no rounding through Double")
        #expect(JSONValue.number("1e999999999999") != .number("2e999999999999"), "huge exponents never trap")
        #expect(Set<JSONValue>([["a": 1, "b": 2], ["b": 2, "a": 1.0], .number("100"), .number("1e2")]).count == 2)
    }
}
