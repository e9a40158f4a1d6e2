import Foundation

/// A standard five-field cron expression, and the times it fires in a given time zone.
///
/// The fields are `minute hour day-of-month month day-of-week`:
///
/// | Field        | Values                                  |
/// |--------------|-----------------------------------------|
/// | minute       | 0–59                                    |
/// | hour         | 0–23                                    |
/// | day-of-month | 1–31                                    |
/// | month        | 1–12 or `JAN`–`DEC`                     |
/// | day-of-week  | 0–7 (0 and 7 are Sunday) or `SUN`–`SAT` |
///
/// Each field is `*`, a value, a range `a-b`, a list `a,b,c`, or a step `*/n`, `a-b/n` or `a/n` (from `a`
/// through the field's last value; for day-of-week that is Saturday, 6). Names are case-insensitive and
/// work in ranges (`MON-FRI`, `JAN-MAR`); `SUN` ending a range is 7, so `FRI-SUN` is Friday to Sunday.
/// The macros `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly` stand
/// for `0 0 1 1 *`, `0 0 1 * *`, `0 0 * * 0`, `0 0 * * *` and `0 * * * *`.
///
/// **Days** follow Vixie cron: when both day-of-month and day-of-week are restricted, a day matches if
/// either matches (`0 0 13 * FRI` fires on every 13th and every Friday); when either field begins with
/// `*` (including `*/n`), a day must match both.
///
/// **Time zones and daylight saving time.** Fields are matched against the local wall-clock time on the
/// Gregorian calendar in the given zone (the results of `Calendar(identifier: .gregorian)` with that
/// zone). Each matching local minute fires at most once:
/// - *Spring forward* (local times that do not exist): as in ISC/Vixie cron, a *fixed-time* schedule
///   (neither the minute nor the hour field begins with `*`, e.g. `30 2 * * *`) fires once at the first
///   valid instant after the gap — the moment the clocks jump (03:00 in New York and Berlin) — so a
///   nightly job is never lost. A *wildcard* schedule (minute or hour begins with `*`, e.g. `30 * * * *`,
///   `*/15 * * * *`, `@hourly`) skips the missing local times, as its regular cadence carries on.
/// - *Fall back* (local times that occur twice): a matching local time fires once, at its first
///   occurrence; the repeated hour's second pass does not fire again.
///
/// Two expressions are equal when their normalized text (``description``) is equal.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression's text, with whitespace normalized to single spaces; a macro is lowercased.
    public let description: String
    /// Bit n set: minute n matches.
    let minutes: UInt64
    /// Bit n set: hour n matches.
    let hours: UInt64
    /// Bit n set: day-of-month n matches (bits 1–31).
    let daysOfMonth: UInt64
    /// Bit n set: month n matches (bits 1–12).
    let months: UInt64
    /// Bit n set: weekday n matches (0 is Sunday, bits 0–6).
    let daysOfWeek: UInt64
    /// Whether the day-of-month field does not begin with `*` (Vixie's rule).
    let dayOfMonthRestricted: Bool
    /// Whether the day-of-week field does not begin with `*` (Vixie's rule).
    let dayOfWeekRestricted: Bool
    /// Whether the minute or hour field begins with `*`: local times in a spring-forward gap are skipped.
    let isWildcard: Bool

    /// Parses a five-field expression such as `*/15 9-17 * * MON-FRI`, or a macro such as `@daily`.
    public init(_ text: String) throws(CronExpressionError) {
        var fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if let first = fields.first, first.hasPrefix("@") {
            guard fields.count == 1 else {
                throw CronExpressionError(expression: text, reason: "the macro \(first) must stand alone")
            }
            guard let expansion = Self.macros[first.lowercased()] else {
                let reason =
                    first.lowercased() == "@reboot"
                    ? "@reboot is not supported: a schedule needs recurring fire times"
                    : "unknown macro \"\(first)\" (expected @yearly, @annually, @monthly, @weekly, @daily, "
                        + "@midnight or @hourly)"
                throw CronExpressionError(expression: text, reason: reason)
            }
            fields = expansion.split(separator: " ").map(String.init)
            description = first.lowercased()
        } else {
            guard fields.count == 5 else {
                throw CronExpressionError(
                    expression: text,
                    reason: "expects 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)"
                )
            }
            description = fields.joined(separator: " ")
        }
        var bits: [UInt64] = []
        for field in CronField.allCases {
            do {
                bits.append(try field.parse(fields[field.rawValue]))
            } catch {
                throw CronExpressionError(
                    expression: text, field: field.name, fieldText: fields[field.rawValue], reason: error.reason
                )
            }
        }
        (minutes, hours, daysOfMonth, months, daysOfWeek) = (bits[0], bits[1], bits[2], bits[3], bits[4])
        dayOfMonthRestricted = !fields[CronField.dayOfMonth.rawValue].hasPrefix("*")
        dayOfWeekRestricted = !fields[CronField.dayOfWeek.rawValue].hasPrefix("*")
        isWildcard = fields[CronField.minute.rawValue].hasPrefix("*") || fields[CronField.hour.rawValue].hasPrefix("*")
    }

    /// The macros and the expressions they stand for.
    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// How many years a search may cover: a whole Gregorian cycle, after which dates repeat.
    static let searchYears = 400

    /// The first fire time strictly after `date`, evaluated in `timeZone`; nil if the expression never fires
    /// (such as `0 0 30 2 *`) or not within 400 years.
    ///
    /// The result is a whole local minute (seconds zero). See the type's documentation for how daylight
    /// saving time is handled.
    public func nextFireTime(after date: Date, in timeZone: TimeZone) -> Date? {
        let time = date.timeIntervalSince1970
        guard canFire, let now = Self.wholeSeconds(time) else { return nil }
        let local = now + timeZone.secondsFromGMT(for: Self.date(now))
        var candidate = CivilMinute(localSeconds: Self.floor(local, 60))
        let lastYear = candidate.year + Self.searchYears
        while let match = firstMatch(atOrAfter: candidate, throughYear: lastYear) {
            if let instant = fireInstant(of: match, in: timeZone), Double(instant) > time {
                return Self.date(instant)
            }
            candidate = CivilMinute(localSeconds: match.localSeconds + 60)
        }
        return nil
    }

    /// The latest fire time at or before `date`, evaluated in `timeZone`: the one catch-up run for missed
    /// fires. Nil if the expression never fires or not within the 400 years before `date`.
    public func previousFireTime(atOrBefore date: Date, in timeZone: TimeZone) -> Date? {
        let time = date.timeIntervalSince1970
        guard canFire, let now = Self.wholeSeconds(time) else { return nil }
        // After the clocks fall back, local times later than now's may have fired (at their first
        // occurrence), so start from the latest local time any instant of the last 26 hours had.
        var offset = timeZone.secondsFromGMT(for: Self.date(now))
        for hours in 1...26 {
            offset = max(offset, timeZone.secondsFromGMT(for: Self.date(now - hours * 3600)))
        }
        var candidate = CivilMinute(localSeconds: Self.floor(now + offset, 60))
        let firstYear = candidate.year - Self.searchYears
        while let match = lastMatch(atOrBefore: candidate, fromYear: firstYear) {
            if let instant = fireInstant(of: match, in: timeZone), Double(instant) <= time {
                return Self.date(instant)
            }
            candidate = CivilMinute(localSeconds: match.localSeconds - 60)
        }
        return nil
    }

    /// The fire times strictly after `after` and at or before `through`, oldest first, at most `limit`.
    public func fireTimes(after: Date, through: Date, in timeZone: TimeZone, limit: Int) -> [Date] {
        var times: [Date] = []
        var cursor = after
        while times.count < limit, let next = nextFireTime(after: cursor, in: timeZone), next <= through {
            times.append(next)
            cursor = next
        }
        return times
    }

    // MARK: Local time to instant

    /// The instant a matching local minute fires at: its first occurrence; for a local time skipped by a
    /// spring-forward gap, the first instant after the gap, or nil for a wildcard schedule.
    ///
    /// This mapping never decreases as the local time increases, which is what lets the searches stop at
    /// the first candidate on the right side of `date`.
    func fireInstant(of local: CivilMinute, in timeZone: TimeZone) -> Int? {
        let wall = local.localSeconds
        // Offsets a day either side bracket any transition near this local time (as in Temporal).
        let offsets = [wall - 86_400, wall, wall + 86_400].map { timeZone.secondsFromGMT(for: Self.date($0)) }
        var first: Int?
        for offset in Set(offsets) where timeZone.secondsFromGMT(for: Self.date(wall - offset)) == offset {
            first = min(first ?? .max, wall - offset)
        }
        if let first { return first }
        if isWildcard { return nil }
        // In the gap: find the first instant whose local time is past `wall`.
        var low = wall - (offsets.max() ?? 0)  // its local time is at or before `wall`
        var high = wall - (offsets.min() ?? 0)  // its local time is after `wall`
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if middle + timeZone.secondsFromGMT(for: Self.date(middle)) > wall { high = middle } else { low = middle }
        }
        return high
    }

    /// Whole seconds since 1970 at or before `time`, or nil when out of any calendar's reach.
    private static func wholeSeconds(_ time: TimeInterval) -> Int? {
        time.isFinite && abs(time) < 1e14 ? Int(saturating: time.rounded(.down)) : nil
    }

    /// The date `seconds` after 1970.
    static func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// `value` rounded down to a multiple of `unit`.
    static func floor(_ value: Int, _ unit: Int) -> Int {
        value >= 0 ? value / unit * unit : -((-value + unit - 1) / unit * unit)
    }
}

/// A local wall-clock minute on the proleptic Gregorian calendar, with no time zone.
struct CivilMinute: Hashable, Sendable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int

    /// Creates a civil minute from its components.
    init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        (self.year, self.month, self.day, self.hour, self.minute) = (year, month, day, hour, minute)
    }

    /// The civil minute containing `localSeconds` (seconds since 1970-01-01 00:00 local time).
    init(localSeconds: Int) {
        let days = CronExpression.floor(localSeconds, 86_400) / 86_400
        let seconds = localSeconds - days * 86_400
        (year, month, day) = Self.civil(days: days)
        (hour, minute) = (seconds / 3600, seconds / 60 % 60)
    }

    /// Seconds since 1970-01-01 00:00 local time.
    var localSeconds: Int { Self.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 }

    /// `2024-03-10 02:30`.
    var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute))"
    }

    /// Days from 1970-01-01 to a date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let days = days + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day of the week of a date, 0 for Sunday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        ((days(year: year, month: month, day: day) + 4) % 7 + 7) % 7
    }

    /// The number of days in a month.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
