import Foundation
import JobStoreTesting
import PropertyBased
import Testing

@testable import JobStore

/// The duration parser against random input: anything it accepts is a finite duration inside the limits, and
/// anything it refuses is one line naming the allowed range — never a trap.
@Suite("DurationText: fuzzed with a fixed seed")
struct DurationFuzzTests {
    /// Fragments of durations, numbers that break conversions, and noise.
    static let fragments = [
        "0", "1", "5", "9", "12", "99999999999999999999", ".", ".5", "1.5", "ms", "s", "m", "h", "d", "w", "MS", "D",
        " ", "-", "+", "e", "e300", "e-300", "1e300", "1e-300", "nan", "inf", "NaN", "infinity", "0x1p3", "_",
        "５", "١", "\u{1B}", "\u{0}", "\n", "é", "😀", "never",
    ]

    /// Text made of fragments, now and then with a random scalar.
    static let texts = Generator<String, Shrink.None<String>>(run: { random in
        var text = ""
        for _ in 0..<Int.random(in: 0...8, using: &random) {
            if Int.random(in: 0..<8, using: &random) == 0 {
                text.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) ?? "?")
            } else {
                text += pick(fragments, &random)
            }
        }
        return text
    })

    /// The limits inputs use, and some narrower ones.
    static let limits: [DurationLimits] = [
        .positive, .nonNegative, DurationLimits.positive.bareSecondsAllowed,
        DurationLimits(minimum: 1, maximum: 86_400),
        DurationLimits(minimum: 0.5, maximum: 60, allowsBareSeconds: true),
    ]

    @Test("random text is an in-range duration or a one-line refusal naming the range")
    func randomText() {
        fuzz(count: 500, seed: 81, Self.texts) { text in
            for limits in Self.limits { expectInRangeOrRefused(text, limits) }
        }
    }

    @Test(
        "the numbers that used to trap are refused with the range",
        arguments: [
            "nan", "inf", "-inf", "1e300", "1e300s", "1e-300", "1e-300s", "99999999999999999999d", "1e308s",
            "99999999999999999999", String(repeating: "9", count: 64) + "w",
        ])
    func hostileNumbers(text: String) {
        for limits in Self.limits {
            guard case .failure(let problem) = DurationText.parse(text, limits: limits) else {
                Issue.record("\(text) was accepted with \(limits)")
                continue
            }
            #expect(problem.description.hasSuffix(limits.rangeText), "\(problem)")
        }
    }

    /// Accepted: finite, inside the limits (positive where zero is not allowed). Refused: one line that ends
    /// with the allowed range.
    func expectInRangeOrRefused(_ text: String, _ limits: DurationLimits) {
        switch DurationText.parse(text, limits: limits) {
        case .success(let seconds):
            #expect(seconds.isFinite && limits.contains(seconds), "\(text) → \(seconds)")
            #expect(seconds > 0 || limits.minimum == 0, "\(text) → \(seconds)")
            #expect(seconds <= DurationLimits.longest)
            // Converting an accepted duration must not trap either.
            #expect(Duration.seconds(seconds) >= .zero)
        case .failure(let problem):
            #expect(problem.description.hasSuffix(limits.rangeText), "\(problem)")
            let controls = problem.description.unicodeScalars.filter {
                $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
            }
            #expect(controls.isEmpty, "\(problem)")
            #expect(problem.text.count < 300, "the echoed text is shortened")
        }
    }
}
