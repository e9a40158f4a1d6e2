import Console
import Foundation
import Testing

/// Times and durations read from stored data are shown, never trapped on, whatever their value.
@Suite("Format with hostile numbers")
struct FormatHostileTests {
    @Test("durations of nan, infinity and 1e300 are written without trapping", arguments: [.nan, .infinity, 1e300])
    func duration(_ seconds: Double) {
        #expect(!Format.duration(seconds).isEmpty)
        #expect(!Format.duration(-seconds).isEmpty)
    }

    @Test("dates far outside the calendar are written without trapping", arguments: [1e300, -1e300, .infinity])
    func clock(_ since1970: Double) {
        let date = Date(timeIntervalSince1970: since1970)
        #expect(!Format.dateTime(date, utcOffset: 3600).isEmpty)
        #expect(!Format.clockMillis(date, utcOffset: -3600).isEmpty)
    }

    @Test("ordinary values are written as before")
    func ordinary() {
        #expect(Format.duration(0.25) == "250ms")
        #expect(Format.duration(245) == "4m05s")
        #expect(Format.clock(Date(timeIntervalSince1970: 45_296), utcOffset: 0) == "12:34:56")
    }
}
