import Foundation
import Testing

@testable import JobStore

@Suite("DurationText: one duration parser for the CLI, YAML and the console")
struct DurationTextTests {
    @Test(
        "durations read as numbers and units",
        arguments: [
            ("500ms", 0.5), ("30s", 30), ("5m", 300), ("2h", 7200), ("7d", 604_800), ("1w", 604_800),
            ("1.5m", 90), (".5s", 0.5), ("1h30m", 5400), ("1h 30m", 5400), (" 2D ", 172_800), ("1MS", 0.001),
            ("36500d", DurationLimits.longest),
        ] as [(String, Double)])
    func valid(text: String, seconds: Double) {
        #expect(DurationText.parse(text) == .success(seconds))
    }

    @Test(
        "hostile and malformed text is one line naming the allowed range, never a trap",
        arguments: [
            ("nan", "is not a duration"), ("inf", "is not a duration"), ("-inf", "is not a duration"),
            ("1e300", "is not a duration"), ("1e300s", "is not a duration"), ("1e-300", "is not a duration"),
            ("99999999999999999999d", "is out of range"), ("1e308s", "is not a duration"),
            (String(repeating: "9", count: 60) + "w", "is out of range"),
            (String(repeating: "9", count: 400) + "s", "is not a duration"),
            ("0.0000001s", "is out of range"), ("-5s", "is out of range"), ("0", "is out of range"),
            ("0s", "is out of range"), ("36501d", "is out of range"), ("+5s", "is not a duration"),
            ("90", "is not a duration"), ("", "is not a duration"), ("s", "is not a duration"),
            ("5 minutes", "is not a duration"), ("1.2.3s", "is not a duration"), (".s", "is not a duration"),
            ("５s", "is not a duration"), ("soon", "is not a duration"), ("-", "is not a duration"),
        ] as [(String, String)])
    func refused(text: String, message: String) throws {
        guard case .failure(let problem) = DurationText.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(problem.message.hasPrefix(message), "\(problem)")
        #expect(problem.description.hasSuffix("from 1ms to 36500d"))
        #expect(!problem.description.contains("\n"))
        #expect(problem.description.count < 200)
    }

    @Test("limits: zero where allowed, bare seconds where allowed, narrower ranges named in the message")
    func limits() throws {
        #expect(DurationText.parse("0", limits: .nonNegative) == .success(0))
        #expect(DurationText.parse("0s", limits: .nonNegative) == .success(0))
        #expect(DurationText.parse("-0s", limits: .nonNegative) != .success(0), "a sign is never part of a duration")
        #expect(DurationText.parse("3600", limits: DurationLimits.positive.bareSecondsAllowed) == .success(3600))
        #expect((try? DurationText.parse("nan", limits: DurationLimits.positive.bareSecondsAllowed).get()) == nil)
        let day = DurationLimits(minimum: 1, maximum: 86_400)
        guard case .failure(let problem) = DurationText.parse("2d", limits: day) else {
            Issue.record("2d is beyond a day")
            return
        }
        #expect(problem.description == "2d is out of range: the duration must be from 1s to 1d")
        let silly = DurationLimits(minimum: -.infinity, maximum: .nan)
        #expect(silly.minimum == 0 && silly.maximum == DurationLimits.longest, "limits themselves are clamped")
    }

    @Test("echoed text is shortened and its control characters escaped, so a paste cannot drive the terminal")
    func printable() throws {
        guard case .failure(let problem) = DurationText.parse("\u{1B}]52;c;x\u{07}" + String(repeating: "a", count: 80))
        else {
            Issue.record("accepted")
            return
        }
        #expect(!problem.description.unicodeScalars.contains { $0.value < 0x20 })
        #expect(problem.text.hasPrefix("\\u{1B}]52;c;x\\u{7}") && problem.text.hasSuffix("…"))
    }

    @Test("never words and formatting")
    func neverAndFormat() {
        for word in ["never", " None", "off", "-"] { #expect(DurationText.isNever(word), "\(word)") }
        #expect(!DurationText.isNever("0"))
        #expect(DurationText.format(0.001) == "1ms" && DurationText.format(90) == "90s")
        #expect(DurationText.format(86_400) == "1d" && DurationText.format(1.5) == "1500ms")
    }
}
