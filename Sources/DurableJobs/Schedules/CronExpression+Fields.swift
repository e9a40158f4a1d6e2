import JobStore

/// Why a cron expression was refused: the expression, the field at fault (if one is) and the reason.
///
/// Its description reads, for example:
/// `invalid cron expression "61 * * * *": minute field "61": value 61 is out of range 0–59`.
public struct CronExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that was parsed, exactly as given.
    public let expression: String
    /// The field at fault (`minute`, `hour`, `day-of-month`, `month` or `day-of-week`), or nil when the
    /// problem is the expression as a whole (its field count or macro).
    public let field: String?
    /// The text of the field at fault, or nil when ``field`` is nil.
    public let fieldText: String?
    /// What is wrong, for example `value 61 is out of range 0–59`.
    public let reason: String

    /// Creates an error.
    public init(expression: String, field: String? = nil, fieldText: String? = nil, reason: String) {
        self.expression = expression
        self.field = field
        self.fieldText = fieldText
        self.reason = reason
    }

    /// The full message, naming the expression, the field and the reason, on one line: control characters in
    /// the expression (a pasted escape sequence, a line break from a YAML file) are shown as escapes.
    public var description: String {
        let message =
            if let field, let fieldText {
                "invalid cron expression \"\(expression)\": \(field) field \"\(fieldText)\": \(reason)"
            } else {
                "invalid cron expression \"\(expression)\": \(reason)"
            }
        return TerminalText.escaped(message)
    }
}

/// One of the five fields of a cron expression, with its bounds and names.
enum CronField: Int, CaseIterable, Sendable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The name used in error messages.
    var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The values the field accepts (day-of-week accepts 7 as a second Sunday).
    var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Where `*` and an open `a/n` end: the last value, Saturday (6) for day-of-week.
    var last: Int { self == .dayOfWeek ? 6 : bounds.upperBound }

    /// The number of distinct values, which is also the largest step allowed.
    var size: Int { last - bounds.lowerBound + 1 }

    /// The names the field accepts, in value order from `nameBase`.
    var names: [String] {
        switch self {
        case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        default: []
        }
    }

    /// The value of the first name.
    var nameBase: Int { self == .month ? 1 : 0 }

    /// How an unknown name is explained.
    var expectedNames: String { self == .month ? "JAN–DEC or 1–12" : "SUN–SAT or 0–7" }

    /// Parses the field's text into a bit set of the values it matches (day-of-week 7 is stored as 0).
    func parse(_ text: String) throws(CronFieldError) -> UInt64 {
        var bits: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            for value in try values(of: item) {
                bits |= 1 << UInt64(self == .dayOfWeek && value == 7 ? 0 : value)
            }
        }
        return bits
    }

    /// The values one list item (`*`, `a`, `a-b`, each optionally followed by `/step`) stands for.
    private func values(of item: Substring) throws(CronFieldError) -> StrideThrough<Int> {
        guard !item.isEmpty else { throw CronFieldError("has an empty list item") }
        if item.contains(where: { $0 == "?" || $0 == "#" }) {
            throw CronFieldError("\"\(item)\" is not standard cron syntax (?, #, L and W are not supported)")
        }
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw CronFieldError("\"\(item)\" has more than one step") }
        let base = parts[0]
        var step = 1
        if parts.count == 2 {
            let text = parts[1]
            guard !text.isEmpty else { throw CronFieldError("\"\(item)\" has no step after \"/\"") }
            guard text.allSatisfy(\.isASCIIDigit) else { throw CronFieldError("step \"\(text)\" is not a number") }
            guard let number = Int(text), (1...size).contains(number) else {
                throw CronFieldError("step \(text) is out of range 1–\(size)")
            }
            step = number
        }
        if base == "*" { return stride(from: bounds.lowerBound, through: last, by: step) }
        guard !base.isEmpty else { throw CronFieldError("\"\(item)\" has no value before \"/\"") }
        let ends = base.split(separator: "-", omittingEmptySubsequences: false)
        switch ends.count {
        case 1:
            let start = try value(ends[0])
            return stride(from: start, through: parts.count == 2 ? max(start, last) : start, by: step)
        case 2:
            guard !ends[0].isEmpty else { throw CronFieldError("range \"\(base)\" has no start") }
            guard !ends[1].isEmpty else { throw CronFieldError("range \"\(base)\" has no end") }
            let start = try value(ends[0])
            let end = try value(ends[1], rangeStart: start)
            guard start <= end else {
                let hint = self == .dayOfWeek && end == 0 ? "; write Sunday as 7 to end a range with it" : ""
                throw CronFieldError("range \(base) is reversed: its start is after its end\(hint)")
            }
            return stride(from: start, through: end, by: step)
        default:
            throw CronFieldError("\"\(base)\" is not a valid range")
        }
    }

    /// A number or, in the month and day-of-week fields, a three-letter name (case-insensitive).
    /// `SUN` ending a range that starts later in the week is 7, so that `FRI-SUN` is Friday to Sunday.
    private func value(_ text: Substring, rangeStart: Int? = nil) throws(CronFieldError) -> Int {
        if text.allSatisfy(\.isASCIIDigit) {
            guard let number = Int(text), bounds.contains(number) else {
                throw CronFieldError(
                    "value \(text) is out of range \(bounds.lowerBound)–\(bounds.upperBound)"
                )
            }
            return number
        }
        guard !names.isEmpty else { throw CronFieldError("\"\(text)\" is not a number") }
        guard let index = names.firstIndex(of: text.uppercased()) else {
            throw CronFieldError("unknown name \"\(text)\" (expected \(expectedNames))")
        }
        return self == .dayOfWeek && index == 0 && (rangeStart ?? 0) > 0 ? 7 : index + nameBase
    }
}

/// A field's parse failure, before the expression and field are attached.
struct CronFieldError: Error {
    /// What is wrong with the field.
    let reason: String

    /// Creates the failure.
    init(_ reason: String) { self.reason = reason }
}

extension Character {
    /// Whether this is one of `0`…`9`.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

// MARK: Matching local times

extension CronExpression {
    /// Whether any date can match: false only when day-of-month alone restricts the days and names no day
    /// that exists in a chosen month (`0 0 30 2 *`). Any date recurs on every weekday within 400 years.
    var canFire: Bool {
        guard dayOfMonthRestricted && !dayOfWeekRestricted else { return true }
        return (1...12).contains { month in
            months & (1 << month) != 0
                && (1...CivilMinute.daysIn(month: month, year: 2000)).contains { daysOfMonth & (1 << $0) != 0 }
        }
    }

    /// Whether a date matches the day-of-month and day-of-week fields (either when both are restricted).
    func dayMatches(day: Int, weekday: Int) -> Bool {
        let byDay = daysOfMonth & (1 << day) != 0
        let byWeekday = daysOfWeek & (1 << weekday) != 0
        return dayOfMonthRestricted && dayOfWeekRestricted ? byDay || byWeekday : byDay && byWeekday
    }

    /// The first local minute at or after `start`, in a year up to `lastYear`, that the fields match.
    /// Skips whole months, days and hours that cannot match.
    func firstMatch(atOrAfter start: CivilMinute, throughYear lastYear: Int) -> CivilMinute? {
        var (year, month, day, hour, minute) = (start.year, start.month, start.day, start.hour, start.minute)
        while year <= lastYear {
            guard let nextMonth = Self.nextBit(months, from: month, through: 12) else {
                (year, month, day, hour, minute) = (year + 1, 1, 1, 0, 0)
                continue
            }
            if nextMonth != month { (month, day, hour, minute) = (nextMonth, 1, 0, 0) }
            let length = CivilMinute.daysIn(month: month, year: year)
            var weekday = CivilMinute.weekday(year: year, month: month, day: min(day, length))
            var nextDay: Int?
            for candidate in day...max(day, length) where candidate <= length {
                if dayMatches(day: candidate, weekday: weekday) {
                    nextDay = candidate
                    break
                }
                weekday = (weekday + 1) % 7
            }
            guard let nextDay else {
                (month, day, hour, minute) = (month + 1, 1, 0, 0)
                continue
            }
            if nextDay != day { (day, hour, minute) = (nextDay, 0, 0) }
            guard let nextHour = Self.nextBit(hours, from: hour, through: 23) else {
                (day, hour, minute) = (day + 1, 0, 0)
                continue
            }
            if nextHour != hour { (hour, minute) = (nextHour, 0) }
            guard let nextMinute = Self.nextBit(minutes, from: minute, through: 59) else {
                (hour, minute) = (hour + 1, 0)
                continue
            }
            return CivilMinute(year: year, month: month, day: day, hour: hour, minute: nextMinute)
        }
        return nil
    }

    /// The last local minute at or before `start`, in a year from `firstYear` on, that the fields match.
    /// Skips whole months, days and hours that cannot match.
    func lastMatch(atOrBefore start: CivilMinute, fromYear firstYear: Int) -> CivilMinute? {
        var (year, month, day, hour, minute) = (start.year, start.month, start.day, start.hour, start.minute)
        while year >= firstYear {
            guard let previousMonth = Self.previousBit(months, from: month, atLeast: 1) else {
                (year, month, day, hour, minute) = (year - 1, 12, 31, 23, 59)
                continue
            }
            if previousMonth != month { (month, day, hour, minute) = (previousMonth, 31, 23, 59) }
            let length = CivilMinute.daysIn(month: month, year: year)
            if day > length { (day, hour, minute) = (length, 23, 59) }
            var weekday = CivilMinute.weekday(year: year, month: month, day: max(day, 1))
            var previousDay: Int?
            for candidate in stride(from: day, through: 1, by: -1) {
                if dayMatches(day: candidate, weekday: weekday) {
                    previousDay = candidate
                    break
                }
                weekday = (weekday + 6) % 7
            }
            guard let previousDay else {
                (month, day, hour, minute) = (month - 1, 31, 23, 59)
                continue
            }
            if previousDay != day { (day, hour, minute) = (previousDay, 23, 59) }
            guard let previousHour = Self.previousBit(hours, from: hour, atLeast: 0) else {
                (day, hour, minute) = (day - 1, 23, 59)
                continue
            }
            if previousHour != hour { (hour, minute) = (previousHour, 59) }
            guard let previousMinute = Self.previousBit(minutes, from: minute, atLeast: 0) else {
                (hour, minute) = (hour - 1, 59)
                continue
            }
            return CivilMinute(year: year, month: month, day: day, hour: hour, minute: previousMinute)
        }
        return nil
    }

    /// The lowest set bit of `mask` in `value...last`, or nil.
    static func nextBit(_ mask: UInt64, from value: Int, through last: Int) -> Int? {
        guard value <= last else { return nil }
        let rest = mask >> UInt64(value)
        guard rest != 0 else { return nil }
        let bit = value + rest.trailingZeroBitCount
        return bit <= last ? bit : nil
    }

    /// The highest set bit of `mask` in `first...value`, or nil.
    static func previousBit(_ mask: UInt64, from value: Int, atLeast first: Int) -> Int? {
        guard value >= first else { return nil }
        let kept = value >= 63 ? mask : mask & ((1 << UInt64(value + 1)) - 1)
        guard kept != 0 else { return nil }
        let bit = 63 - kept.leadingZeroBitCount
        return bit >= first ? bit : nil
    }
}
