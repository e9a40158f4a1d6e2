import Console
import Foundation
import JobStore
import Testing

@Suite("Near misses and line diffs")
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

    @Test("a line diff keeps common lines and marks removals and additions")
    func lineDiff() throws {
        let diff = LineDiff.diff(old: "{\n  a: 1,\n  b: 2\n}", new: "{\n  a: 1,\n  b: 3,\n  c: 4\n}")
        #expect(diff.map(\.marked) == ["  {", "    a: 1,", "-   b: 2", "+   b: 3,", "+   c: 4", "  }"])
        #expect(LineDiff.counts(diff) == (1, 2))
        #expect(LineDiff.diff(old: "x", new: "x").allSatisfy { $0.kind == .same })
        let long = (0..<30).map { "line \($0)" }
        var changed = long
        changed[15] = "changed"
        let hunks = LineDiff.hunks(
            LineDiff.diff(old: long.joined(separator: "\n"), new: changed.joined(separator: "\n")))
        let first = try #require(hunks.first, "at least one hunk")
        let last = try #require(hunks.last, "at least one hunk")
        #expect(first == nil && last == nil, "gaps before and after the hunk")
        #expect(hunks.compactMap { $0 }.count == 6, "two lines of context around one change")
    }
}
