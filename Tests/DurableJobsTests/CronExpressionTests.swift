import Foundation
import Testing

@testable import DurableJobs

/// A time zone by IANA name; an unknown name is a recorded failure (and UTC), never a crash.
private func zone(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> TimeZone {
    if let zone = TimeZone(identifier: name) { return zone }
    Issue.record("unknown time zone \(name)", sourceLocation: sourceLocation)
    return TimeZone(secondsFromGMT: 0) ?? .current
}

/// An ISO 8601 date with an offset, such as `2024-03-10T03:00:00-04:00`; unreadable text is a recorded
/// failure (and the distant past), never a crash.
private func date(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Date {
    if let date = ISO8601DateFormatter().date(from: text) { return date }
    Issue.record("unreadable date \(text)", sourceLocation: sourceLocation)
    return .distantPast
}

/// A date written in `zone`, or `nil`.
private func iso(_ date: Date?, _ zone: TimeZone) -> String {
    guard let date else { return "nil" }
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = zone
    return formatter.string(from: date)
}

/// The values a field's bit set holds.
private func values(_ bits: UInt64) -> [Int] { (0..<64).filter { bits & (1 << UInt64($0)) != 0 } }

/// One expected fire time: the first (or latest) fire of `cron` after (or at or before) `from` in `zone`.
struct CronFireCase: Sendable, CustomTestStringConvertible {
    let cron: String
    let zone: String
    let from: String
    let expected: String?
    init(_ cron: String, _ zone: String, _ from: String, _ expected: String?) {
        (self.cron, self.zone, self.from, self.expected) = (cron, zone, from, expected)
    }
    var testDescription: String { "\(cron) from \(from) in \(zone)" }
}

@Suite("Cron expressions: parsing")
struct CronExpressionParsingTests {
    @Test(
        "every syntax form expands to the right values",
        arguments: [
            ("* * * * *", [Array(0...59), Array(0...23), Array(1...31), Array(1...12), Array(0...6)]),
            ("5 0 1 1 0", [[5], [0], [1], [1], [0]]),
            ("1-5 9-17 10-12 3-4 1-5", [[1, 2, 3, 4, 5], Array(9...17), [10, 11, 12], [3, 4], [1, 2, 3, 4, 5]]),
            ("1,3,59 0,23 1,31 1,12 0,6", [[1, 3, 59], [0, 23], [1, 31], [1, 12], [0, 6]]),
            (
                "*/15 */6 */10 */4 */2",
                [[0, 15, 30, 45], [0, 6, 12, 18], [1, 11, 21, 31], [1, 5, 9], [0, 2, 4, 6]]
            ),
            ("10-30/10 1-9/4 2-9/3 2-12/5 1-7/2", [[10, 20, 30], [1, 5, 9], [2, 5, 8], [2, 7, 12], [0, 1, 3, 5]]),
            ("50/3 20/2 28/2 10/1 1/2", [[50, 53, 56, 59], [20, 22], [28, 30], [10, 11, 12], [1, 3, 5]]),
            (
                "1-10/3,20,*/30 * * JAN-MAR,jun,Dec MON-FRI",
                [[0, 1, 4, 7, 10, 20, 30], Array(0...23), Array(1...31), [1, 2, 3, 6, 12], [1, 2, 3, 4, 5]]
            ),
            ("0 0 * * 7", [[0], [0], Array(1...31), Array(1...12), [0]]),
            ("0 0 * * 0,7", [[0], [0], Array(1...31), Array(1...12), [0]]),
            ("0 0 * * 5-7", [[0], [0], Array(1...31), Array(1...12), [0, 5, 6]]),
            ("0 0 * * FRI-SUN", [[0], [0], Array(1...31), Array(1...12), [0, 5, 6]]),
            ("0 0 * feb sun,Wed", [[0], [0], Array(1...31), [2], [0, 3]]),
            ("0 0 * * SUN-SUN", [[0], [0], Array(1...31), Array(1...12), [0]]),
        ] as [(String, [[Int]])]
    )
    func syntaxForms(text: String, expected: [[Int]]) throws {
        let cron = try CronExpression(text)
        let fields = [cron.minutes, cron.hours, cron.daysOfMonth, cron.months, cron.daysOfWeek].map(values)
        #expect(fields == expected)
    }

    @Test(
        "macros expand to their five fields",
        arguments: [
            ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
            ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
            ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"),
        ]
    )
    func macros(macro: String, fields: String) throws {
        let cron = try CronExpression(macro)
        let expanded = try CronExpression(fields)
        #expect(cron.description == macro.lowercased())
        #expect(values(cron.minutes) == values(expanded.minutes) && values(cron.hours) == values(expanded.hours))
        #expect(cron.daysOfMonth == expanded.daysOfMonth && cron.months == expanded.months)
        #expect(cron.daysOfWeek == expanded.daysOfWeek && cron.isWildcard == expanded.isWildcard)
        #expect(cron.dayOfMonthRestricted == expanded.dayOfMonthRestricted)
        #expect(cron.dayOfWeekRestricted == expanded.dayOfWeekRestricted)
    }

    @Test("whitespace is normalized and equality follows the normalized text")
    func normalization() throws {
        let cron = try CronExpression("  0\t9   * *  MON-FRI \n")
        #expect(cron.description == "0 9 * * MON-FRI")
        #expect(cron == (try CronExpression("0 9 * * MON-FRI")))
        #expect(Set([cron, try CronExpression("0 9 * * MON-FRI")]).count == 1)
        #expect(try CronExpression("@daily") != CronExpression("0 0 * * *"))
    }

    @Test("day fields are restricted unless they begin with *, and so is the DST wildcard rule")
    func restrictions() throws {
        let both = try CronExpression("0 0 13 * FRI")
        #expect(both.dayOfMonthRestricted && both.dayOfWeekRestricted && !both.isWildcard)
        let stepped = try CronExpression("0 0 */2 * MON")
        #expect(!stepped.dayOfMonthRestricted && stepped.dayOfWeekRestricted)
        #expect(try CronExpression("*/5 2 * * *").isWildcard && CronExpression("30 * * * *").isWildcard)
        #expect(try !CronExpression("0-59/5 2 * * *").isWildcard)
    }

    @Test(
        "every error names its field and reason",
        arguments: [
            ("61 * * * *", "minute", "value 61 is out of range 0–59"),
            ("* 24 * * *", "hour", "value 24 is out of range 0–23"),
            ("* * 0 * *", "day-of-month", "value 0 is out of range 1–31"),
            ("* * 32 * *", "day-of-month", "value 32 is out of range 1–31"),
            ("* * * 13 *", "month", "value 13 is out of range 1–12"),
            ("* * * * 8", "day-of-week", "value 8 is out of range 0–7"),
            ("99999999999999999999 * * * *", "minute", "value 99999999999999999999 is out of range 0–59"),
            ("*/0 * * * *", "minute", "step 0 is out of range 1–60"),
            ("* */25 * * *", "hour", "step 25 is out of range 1–24"),
            ("*/x * * * *", "minute", "step \"x\" is not a number"),
            ("*/ * * * *", "minute", "\"*/\" has no step after \"/\""),
            ("/5 * * * *", "minute", "\"/5\" has no value before \"/\""),
            ("1/2/3 * * * *", "minute", "\"1/2/3\" has more than one step"),
            ("5-1 * * * *", "minute", "range 5-1 is reversed: its start is after its end"),
            ("* * * DEC-JAN *", "month", "range DEC-JAN is reversed: its start is after its end"),
            (
                "* * * * 5-0", "day-of-week",
                "range 5-0 is reversed: its start is after its end; write Sunday as 7 to end a range with it"
            ),
            ("* * * FOO *", "month", "unknown name \"FOO\" (expected JAN–DEC or 1–12)"),
            ("* * * * FOO", "day-of-week", "unknown name \"FOO\" (expected SUN–SAT or 0–7)"),
            ("MON * * * *", "minute", "\"MON\" is not a number"),
            ("* * L * *", "day-of-month", "\"L\" is not a number"),
            ("1,,2 * * * *", "minute", "has an empty list item"),
            ("* 1, * * *", "hour", "has an empty list item"),
            ("1-2-3 * * * *", "minute", "\"1-2-3\" is not a valid range"),
            ("-5 * * * *", "minute", "range \"-5\" has no start"),
            ("5- * * * *", "minute", "range \"5-\" has no end"),
            ("* * ? * *", "day-of-month", "\"?\" is not standard cron syntax (?, #, L and W are not supported)"),
            ("* * * * 5#3", "day-of-week", "\"5#3\" is not standard cron syntax (?, #, L and W are not supported)"),
        ]
    )
    func fieldErrors(text: String, field: String, reason: String) {
        let fieldText = text.split(separator: " ")[CronField.allCases.first { $0.name == field }!.rawValue]
        let expected = CronExpressionError(expression: text, field: field, fieldText: String(fieldText), reason: reason)
        #expect(throws: expected) { try CronExpression(text) }
        #expect(
            expected.description == "invalid cron expression \"\(text)\": \(field) field \"\(fieldText)\": \(reason)")
    }

    @Test(
        "whole-expression errors have no field",
        arguments: [
            ("* * * *", "expects 5 fields (minute hour day-of-month month day-of-week), got 4"),
            ("", "expects 5 fields (minute hour day-of-month month day-of-week), got 0"),
            ("0 0 0 * * * *", "expects 5 fields (minute hour day-of-month month day-of-week), got 7"),
            (
                "@often",
                "unknown macro \"@often\" (expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)"
            ),
            ("@reboot", "@reboot is not supported: a schedule needs recurring fire times"),
            ("@daily 5", "the macro @daily must stand alone"),
        ]
    )
    func expressionErrors(text: String, reason: String) {
        #expect(throws: CronExpressionError(expression: text, reason: reason)) { try CronExpression(text) }
        #expect(CronExpressionError(expression: text, reason: reason).field == nil)
    }

    @Test("the message of an out-of-range minute reads as documented")
    func documentedMessage() {
        let error = #expect(throws: CronExpressionError.self) { try CronExpression("61 * * * *") }
        #expect(error?.field == "minute")
        #expect(error?.fieldText == "61")
        #expect(
            error?.description
                == "invalid cron expression \"61 * * * *\": minute field \"61\": value 61 is out of range 0–59"
        )
    }
}

@Suite("Cron expressions: fire times")
struct CronExpressionFireTimeTests {
    @Test(
        "next fire time",
        arguments: [
            // UTC: steps, month ends, leap years, strictly-after.
            CronFireCase("*/15 * * * *", "UTC", "2024-01-01T00:00:00Z", "2024-01-01T00:15:00Z"),
            CronFireCase("*/15 * * * *", "UTC", "2024-01-01T00:07:30Z", "2024-01-01T00:15:00Z"),
            CronFireCase("*/15 * * * *", "UTC", "2024-12-31T23:59:59Z", "2025-01-01T00:00:00Z"),
            CronFireCase("0 0 * * *", "UTC", "2024-01-31T12:00:00Z", "2024-02-01T00:00:00Z"),
            CronFireCase("0 0 31 * *", "UTC", "2024-01-31T00:00:00Z", "2024-03-31T00:00:00Z"),
            CronFireCase("0 0 31 * *", "UTC", "2024-03-31T00:00:00Z", "2024-05-31T00:00:00Z"),
            CronFireCase("0 0 29-31 * *", "UTC", "2023-02-01T00:00:00Z", "2023-03-29T00:00:00Z"),
            CronFireCase("0 0 29 2 *", "UTC", "2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z"),
            CronFireCase("0 0 29 2 *", "UTC", "2097-01-01T00:00:00Z", "2104-02-29T00:00:00Z"),
            CronFireCase("0 12 * * MON-FRI", "UTC", "2024-05-03T12:00:00Z", "2024-05-06T12:00:00Z"),
            // Both day fields restricted: either matches (the 13th, a Wednesday, then Friday the 15th).
            CronFireCase("0 0 13 * FRI", "UTC", "2024-11-09T00:00:00Z", "2024-11-13T00:00:00Z"),
            CronFireCase("0 0 13 * FRI", "UTC", "2024-11-13T00:00:00Z", "2024-11-15T00:00:00Z"),
            CronFireCase("0 0 30 2 MON", "UTC", "2024-01-01T00:00:00Z", "2024-02-05T00:00:00Z"),
            // A field beginning with * makes both required: the first 1st/11th/21st/31st that is a Monday.
            CronFireCase("0 0 */10 * MON", "UTC", "2024-01-01T00:00:00Z", "2024-03-11T00:00:00Z"),
            CronFireCase("0 0 1 * */7", "UTC", "2024-01-01T00:00:00Z", "2024-09-01T00:00:00Z"),
            // Never fires.
            CronFireCase("0 0 30 2 *", "UTC", "2024-01-01T00:00:00Z", nil),
            CronFireCase("0 0 31 4,6,9,11 *", "UTC", "2024-01-01T00:00:00Z", nil),
            CronFireCase("0 0 30,31 2 */2", "UTC", "2024-01-01T00:00:00Z", nil),
            // Macros.
            CronFireCase("@yearly", "UTC", "2024-06-01T00:00:00Z", "2025-01-01T00:00:00Z"),
            CronFireCase("@annually", "UTC", "2024-06-01T00:00:00Z", "2025-01-01T00:00:00Z"),
            CronFireCase("@monthly", "UTC", "2024-01-31T23:59:00Z", "2024-02-01T00:00:00Z"),
            CronFireCase("@weekly", "UTC", "2024-05-01T00:00:00Z", "2024-05-05T00:00:00Z"),
            CronFireCase("@daily", "UTC", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"),
            CronFireCase("@midnight", "UTC", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"),
            CronFireCase("@hourly", "UTC", "2024-05-01T10:59:59Z", "2024-05-01T11:00:00Z"),
            // The zone decides the local time.
            CronFireCase("0 9 * * *", "America/New_York", "2024-07-01T00:00:00Z", "2024-07-01T09:00:00-04:00"),
            CronFireCase("0 9 * * *", "America/New_York", "2024-01-15T14:30:00Z", "2024-01-16T09:00:00-05:00"),
            CronFireCase("0 9 * * MON-FRI", "Europe/Berlin", "2024-03-29T09:00:00+01:00", "2024-04-01T09:00:00+02:00"),
            // New York springs forward on 2024-03-10 at 02:00 EST to 03:00 EDT.
            CronFireCase("30 2 * * *", "America/New_York", "2024-03-09T02:30:00-05:00", "2024-03-10T03:00:00-04:00"),
            CronFireCase("30 2 * * *", "America/New_York", "2024-03-10T03:00:00-04:00", "2024-03-11T02:30:00-04:00"),
            CronFireCase("0,30 2 * * *", "America/New_York", "2024-03-10T01:00:00-05:00", "2024-03-10T03:00:00-04:00"),
            CronFireCase("0,30 2 * * *", "America/New_York", "2024-03-10T03:00:00-04:00", "2024-03-11T02:00:00-04:00"),
            CronFireCase("0 3 * * *", "America/New_York", "2024-03-10T01:59:00-05:00", "2024-03-10T03:00:00-04:00"),
            CronFireCase("30 * * * *", "America/New_York", "2024-03-10T01:30:00-05:00", "2024-03-10T03:30:00-04:00"),
            CronFireCase("*/15 2 * * *", "America/New_York", "2024-03-09T03:00:00-05:00", "2024-03-11T02:00:00-04:00"),
            // New York falls back on 2024-11-03 at 02:00 EDT to 01:00 EST: 01:00–01:59 happens twice.
            CronFireCase("30 1 * * *", "America/New_York", "2024-11-02T12:00:00-04:00", "2024-11-03T01:30:00-04:00"),
            CronFireCase("30 1 * * *", "America/New_York", "2024-11-03T01:30:00-04:00", "2024-11-04T01:30:00-05:00"),
            CronFireCase("30 1 * * *", "America/New_York", "2024-11-03T01:15:00-05:00", "2024-11-04T01:30:00-05:00"),
            CronFireCase("*/30 * * * *", "America/New_York", "2024-11-03T01:30:00-04:00", "2024-11-03T02:00:00-05:00"),
            CronFireCase("0 2 * * *", "America/New_York", "2024-11-03T00:00:00-04:00", "2024-11-03T02:00:00-05:00"),
            // Berlin springs forward on 2024-03-31 at 02:00 CET and falls back on 2024-10-27 at 03:00 CEST.
            CronFireCase("30 2 * * *", "Europe/Berlin", "2024-03-30T12:00:00+01:00", "2024-03-31T03:00:00+02:00"),
            CronFireCase("30 2 * * *", "Europe/Berlin", "2024-03-31T03:00:00+02:00", "2024-04-01T02:30:00+02:00"),
            CronFireCase("30 * * * *", "Europe/Berlin", "2024-03-31T01:30:00+01:00", "2024-03-31T03:30:00+02:00"),
            CronFireCase("30 2 * * *", "Europe/Berlin", "2024-10-26T12:00:00+02:00", "2024-10-27T02:30:00+02:00"),
            CronFireCase("30 2 * * *", "Europe/Berlin", "2024-10-27T02:30:00+02:00", "2024-10-28T02:30:00+01:00"),
            CronFireCase("0 * * * *", "Europe/Berlin", "2024-10-27T02:00:00+02:00", "2024-10-27T03:00:00+01:00"),
            // São Paulo skipped midnight on 2018-11-04 and repeated 23:00 on 2019-02-16.
            CronFireCase("@daily", "America/Sao_Paulo", "2018-11-03T12:00:00-03:00", "2018-11-04T01:00:00-02:00"),
            CronFireCase("@daily", "America/Sao_Paulo", "2018-11-04T01:00:00-02:00", "2018-11-05T00:00:00-02:00"),
            CronFireCase("0 23 * * *", "America/Sao_Paulo", "2019-02-16T23:00:00-02:00", "2019-02-17T23:00:00-03:00"),
        ]
    )
    func nextFireTime(_ test: CronFireCase) throws {
        let cron = try CronExpression(test.cron)
        let next = cron.nextFireTime(after: date(test.from), in: zone(test.zone))
        #expect(iso(next, zone(test.zone)) == iso(test.expected.map { date($0) }, zone(test.zone)))
    }

    @Test(
        "previous fire time, at or before",
        arguments: [
            CronFireCase("0 0 * * *", "UTC", "2024-01-02T00:00:00Z", "2024-01-02T00:00:00Z"),
            CronFireCase("0 0 * * *", "UTC", "2024-01-01T23:59:59Z", "2024-01-01T00:00:00Z"),
            CronFireCase("*/15 * * * *", "UTC", "2024-01-01T00:14:59Z", "2024-01-01T00:00:00Z"),
            CronFireCase("0 0 31 * *", "UTC", "2024-05-30T00:00:00Z", "2024-03-31T00:00:00Z"),
            CronFireCase("0 0 29 2 *", "UTC", "2027-01-01T00:00:00Z", "2024-02-29T00:00:00Z"),
            CronFireCase("0 0 29 2 *", "UTC", "2104-01-01T00:00:00Z", "2096-02-29T00:00:00Z"),
            CronFireCase("0 0 13 * FRI", "UTC", "2024-11-14T00:00:00Z", "2024-11-13T00:00:00Z"),
            CronFireCase("@weekly", "UTC", "2024-05-04T23:59:00Z", "2024-04-28T00:00:00Z"),
            CronFireCase("0 0 30 2 *", "UTC", "2024-01-01T00:00:00Z", nil),
            CronFireCase("30 2 * * *", "America/New_York", "2024-03-10T03:10:00-04:00", "2024-03-10T03:00:00-04:00"),
            CronFireCase("30 2 * * *", "America/New_York", "2024-03-10T01:59:59-05:00", "2024-03-09T02:30:00-05:00"),
            CronFireCase("30 * * * *", "America/New_York", "2024-03-10T03:29:00-04:00", "2024-03-10T01:30:00-05:00"),
            CronFireCase("30 1 * * *", "America/New_York", "2024-11-03T01:45:00-05:00", "2024-11-03T01:30:00-04:00"),
            CronFireCase("30 1 * * *", "America/New_York", "2024-11-03T01:29:00-04:00", "2024-11-02T01:30:00-04:00"),
            CronFireCase("*/15 * * * *", "America/New_York", "2024-11-03T01:10:00-05:00", "2024-11-03T01:45:00-04:00"),
            CronFireCase("30 2 * * *", "Europe/Berlin", "2024-10-27T02:45:00+01:00", "2024-10-27T02:30:00+02:00"),
        ]
    )
    func previousFireTime(_ test: CronFireCase) throws {
        let cron = try CronExpression(test.cron)
        let previous = cron.previousFireTime(atOrBefore: date(test.from), in: zone(test.zone))
        #expect(iso(previous, zone(test.zone)) == iso(test.expected.map { date($0) }, zone(test.zone)))
    }

    @Test("fire times are distinct, ordered, bounded by `through` (inclusive) and by `limit`")
    func fireTimes() throws {
        let newYork = zone("America/New_York")
        let hourly = try CronExpression("0 * * * *")
        let spring = hourly.fireTimes(
            after: date("2024-03-10T00:00:00-05:00"), through: date("2024-03-10T05:00:00-04:00"), in: newYork, limit: 10
        )
        #expect(
            spring.map { iso($0, newYork) } == [
                "2024-03-10T01:00:00-05:00", "2024-03-10T03:00:00-04:00", "2024-03-10T04:00:00-04:00",
                "2024-03-10T05:00:00-04:00",
            ])
        let fall = hourly.fireTimes(
            after: date("2024-11-03T00:00:00-04:00"), through: date("2024-11-03T03:00:00-05:00"), in: newYork, limit: 10
        )
        #expect(
            fall.map { iso($0, newYork) } == [
                "2024-11-03T01:00:00-04:00", "2024-11-03T02:00:00-05:00", "2024-11-03T03:00:00-05:00",
            ])
        let everyMinute = try CronExpression("* * * * *")
        let start = date("2024-01-01T00:00:30Z")
        let far = date("2025-01-01T00:00:00Z")
        #expect(
            everyMinute.fireTimes(after: start, through: far, in: newYork, limit: 3).map { iso($0, zone("UTC")) } == [
                "2024-01-01T00:01:00Z", "2024-01-01T00:02:00Z", "2024-01-01T00:03:00Z",
            ])
        #expect(everyMinute.fireTimes(after: start, through: far, in: newYork, limit: 0).isEmpty)
        #expect(everyMinute.fireTimes(after: far, through: start, in: newYork, limit: 5).isEmpty)
    }

    // How fast the search is belongs to `stackshift bench`; the time limit only turns a search that walks
    // minutes (hundreds of millions of them here) into a failure instead of a hang.
    @Test("200 leap days in a row: a yearly search spans 820 years and lands on each", .timeLimit(.minutes(1)))
    func leapDays() throws {
        let leapDay = try CronExpression("0 0 29 2 *")
        let newYork = zone("America/New_York")
        var cursor = date("2000-01-01T00:00:00Z")
        var years: [Int] = []
        for _ in 0..<200 {
            cursor = try #require(leapDay.nextFireTime(after: cursor, in: newYork))
            years.append(Int(iso(cursor, newYork).prefix(4)) ?? 0)
        }
        #expect(iso(cursor, newYork) == "2820-02-29T00:00:00-05:00")
        // Leap years from 2000 on, skipping the centuries not divisible by 400.
        let leapYears = (2000...2820).filter { $0 % 4 == 0 && ($0 % 100 != 0 || $0 % 400 == 0) }
        #expect(years == Array(leapYears.prefix(200)))
    }
}

/// Compares the searches with a brute-force walk over every minute of a few days around time-zone changes,
/// reading local times from `Calendar(identifier: .gregorian)`.
@Suite("Cron expressions: against a minute-by-minute walk")
struct CronExpressionBruteForceTests {
    static let windows: [(zone: String, start: String)] = [
        ("America/New_York", "2024-03-09T00:00:00-05:00"), ("America/New_York", "2024-11-02T00:00:00-04:00"),
        ("Europe/Berlin", "2024-03-30T00:00:00+01:00"), ("Europe/Berlin", "2024-10-26T00:00:00+02:00"),
        ("America/Sao_Paulo", "2018-11-03T00:00:00-03:00"), ("America/Sao_Paulo", "2019-02-15T00:00:00-02:00"),
        ("Australia/Lord_Howe", "2024-10-05T00:00:00+10:30"), ("Australia/Lord_Howe", "2024-04-06T00:00:00+11:00"),
        ("UTC", "2024-02-28T00:00:00Z"), ("Asia/Kolkata", "2023-12-31T00:00:00+05:30"),
        ("Pacific/Apia", "2011-12-29T00:00:00-10:00"),
    ]
    static let expressions = [
        "* * * * *", "*/7 * * * *", "30 * * * *", "0 * * * *", "30 2 * * *", "0,30 2 * * *", "*/20 2 * * *",
        "15 1,2,3 * * *", "0 0 * * *", "59 23 * * *", "30 23 * * *", "0-59/10 2 * * *", "45 0-3 * * *",
        "0 */2 * * *", "5 1 * * SUN", "0 0 * * SAT", "10 2 10,31 3 *", "0 0 1 * *", "0 12 29 2 *",
        "30 1 * * 0,6", "15 0 16,17 * *", "0 0 6 * MON", "*/45 1-2 * * *",
    ]
    static let days = 3

    /// A minute of the walk: the instant and its local time as read by `Calendar`.
    struct Minute {
        let instant: Date
        /// The local wall-clock time as a date in UTC, for ordering.
        let local: Date
        /// Minute, hour, day of month, month and weekday (0 is Sunday).
        let fields: [Int]
    }

    /// The fields of a local time held as a date in UTC.
    static func fields(ofFloating local: Date) -> [Int] {
        var floating = Calendar(identifier: .gregorian)
        floating.timeZone = zone("UTC")
        let parts = floating.dateComponents([.minute, .hour, .day, .month, .weekday], from: local)
        // A missing component (never expected) reads as -1, which matches no field.
        return [parts.minute ?? -1, parts.hour ?? -1, parts.day ?? -1, parts.month ?? -1, (parts.weekday ?? 0) - 1]
    }

    /// Every fire in the window: a matching local minute fires at its first occurrence; local minutes the
    /// clocks skip fire at the instant they skip to, unless the minute or hour field begins with `*`.
    static func walk(_ cron: CronExpression, minutes: [Minute]) -> [Date] {
        func matches(_ fields: [Int]) -> Bool {
            func has(_ bits: UInt64, _ value: Int) -> Bool { bits & (1 << UInt64(value)) != 0 }
            let byDay = has(cron.daysOfMonth, fields[2])
            let byWeekday = has(cron.daysOfWeek, fields[4])
            let day = cron.dayOfMonthRestricted && cron.dayOfWeekRestricted ? byDay || byWeekday : byDay && byWeekday
            return has(cron.minutes, fields[0]) && has(cron.hours, fields[1]) && has(cron.months, fields[3]) && day
        }
        var fires: [Date] = []
        var latest: Date?
        for minute in minutes {
            defer { latest = max(latest ?? minute.local, minute.local) }
            guard let seen = latest else {
                if matches(minute.fields) { fires.append(minute.instant) }
                continue
            }
            guard minute.local > seen else { continue }  // a repeated local time
            let skipped = stride(from: seen.addingTimeInterval(60), to: minute.local, by: 60)
            if matches(minute.fields) || (!cron.isWildcard && skipped.contains { matches(fields(ofFloating: $0)) }) {
                fires.append(minute.instant)
            }
        }
        return fires
    }

    @Test("next and previous fire times agree with the walk", arguments: windows)
    func agreesWithWalk(zoneName: String, start: String) throws {
        let timeZone = zone(zoneName)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var floating = Calendar(identifier: .gregorian)
        floating.timeZone = zone("UTC")
        let first = date(start)
        let minutes = try (0..<(Self.days * 1440)).map { index in
            let instant = first.addingTimeInterval(TimeInterval(index * 60))
            let local = try #require(
                floating.date(from: calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)))
            return Minute(instant: instant, local: local, fields: Self.fields(ofFloating: local))
        }
        let probes = stride(from: 0, to: minutes.count, by: 11).map { minutes[$0].instant.addingTimeInterval(17) }
        var mismatches: [String] = []
        for text in Self.expressions {
            let cron = try CronExpression(text)
            let fires = Self.walk(cron, minutes: minutes)
            let fireProbes = stride(from: 0, to: fires.count, by: max(1, fires.count / 150)).flatMap {
                [fires[$0], fires[$0].addingTimeInterval(-1)]
            }
            for probe in probes + fireProbes {
                // The index of the first fire after the probe, by binary search.
                var (low, high) = (0, fires.count)
                while low < high {
                    let middle = (low + high) / 2
                    if fires[middle] > probe { high = middle } else { low = middle + 1 }
                }
                if low < fires.count {
                    let next = cron.nextFireTime(after: probe, in: timeZone)
                    if next != fires[low] {
                        mismatches.append(
                            "\(text) next after \(iso(probe, timeZone)): \(iso(next, timeZone)), walk \(iso(fires[low], timeZone))"
                        )
                    }
                }
                if low > 0 {
                    let previous = cron.previousFireTime(atOrBefore: probe, in: timeZone)
                    if previous != fires[low - 1] {
                        mismatches.append(
                            "\(text) previous at \(iso(probe, timeZone)): \(iso(previous, timeZone)), walk \(iso(fires[low - 1], timeZone))"
                        )
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }
}
