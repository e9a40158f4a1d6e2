import Console
import Foundation
import JobStore
import Testing

@Suite("The TTL form: every number is range-checked before use, and refused in one line naming the field")
struct DurationFormTests {
    static let hostile = [
        "99999999999999999999d", "nan", "inf", "-inf", "1e300", "1e-300", "1e308s", "-5m", "0", "0.0000001ms",
        "9223372036854775807s", "18446744073709551616ms", ".", "1..5h", "5m\u{1B}[2J",
    ]

    @Test("a hostile duration is refused in the form with the field's name and the allowed range", arguments: hostile)
    func refused(text: String) throws {
        var state = Fixtures.operationsState(.state)
        state.press("T")
        state.type(text)
        #expect(state.press(.enter).isEmpty, "nothing is written")
        let form = try #require(state.form, "the form stays open to be corrected")
        let error = try #require(form.error)
        #expect(error.hasPrefix("Expires in: "), "names the field")
        #expect(error.contains("from 1ms to 36500d"), "names the allowed range")
        #expect(!error.contains("\n") && !error.unicodeScalars.contains { $0.value == 0x1B }, "one line, no escapes")
    }

    @Test("the longest allowed duration and `never` are accepted")
    func accepted() throws {
        for (text, expires) in [("36500d", Fixtures.now.addingTimeInterval(36_500 * 86_400)), ("never", nil)] {
            var state = Fixtures.operationsState(.state)
            state.press("T")
            state.type(text)
            let effects = state.press(.enter)
            guard case .write(.writeState(let write)) = try #require(effects.first) else {
                Issue.record("\(text): expected a state write, got \(effects)")
                continue
            }
            #expect(write.expiresAt == expires && state.form == nil)
        }
    }
}
