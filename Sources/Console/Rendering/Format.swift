import Foundation

/// Compact, fixed rules for durations and clock times, so every view writes them the same way.
public enum Format {
    /// `850ms`, `2.3s`, `42s`, `4m05s`, `2h03m`, `3d04h`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let value = max(0, seconds)
        if value < 1 { return "\(Int(saturating: (value * 1000).rounded()))ms" }
        if value < 10 { return String(format: "%.1fs", (value * 10).rounded(.down) / 10) }
        let whole = Int(saturating: value.rounded(.down))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + twoDigits(whole % 60) + "s" }
        if whole < 86_400 { return "\(whole / 3600)h" + twoDigits(whole / 60 % 60) + "m" }
        return "\(whole / 86_400)d" + twoDigits(whole / 3600 % 24) + "h"
    }

    /// The time between two dates as a duration; `—` when the start is unknown.
    public static func elapsed(from start: Date?, to end: Date) -> String {
        guard let start else { return "—" }
        return duration(end.timeIntervalSince(start))
    }

    /// `12:04:33` in the zone `utcOffset` seconds east of UTC.
    public static func clock(_ date: Date, utcOffset: Int) -> String {
        let parts = civil(date, utcOffset: utcOffset)
        return "\(twoDigits(parts.hour)):\(twoDigits(parts.minute)):\(twoDigits(parts.second))"
    }

    /// `12:04:33.120`.
    public static func clockMillis(_ date: Date, utcOffset: Int) -> String {
        let millis = Int(saturating: (date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let padded = String(repeating: "0", count: millis < 10 ? 2 : (millis < 100 ? 1 : 0)) + String(millis)
        return clock(date, utcOffset: utcOffset) + "." + padded
    }

    /// `2025-03-14 12:04:33`.
    public static func dateTime(_ date: Date, utcOffset: Int) -> String {
        let parts = civil(date, utcOffset: utcOffset)
        return "\(parts.year)-\(twoDigits(parts.month))-\(twoDigits(parts.day)) " + clock(date, utcOffset: utcOffset)
    }

    /// A clock time, with the date in front when it is not the same day as `now`.
    public static func moment(_ date: Date, now: Date, utcOffset: Int) -> String {
        let a = civil(date, utcOffset: utcOffset)
        let b = civil(now, utcOffset: utcOffset)
        if a.year == b.year && a.month == b.month && a.day == b.day { return clock(date, utcOffset: utcOffset) }
        return dateTime(date, utcOffset: utcOffset)
    }

    /// For a table cell: `12:04:33` on the same day as `now`, else `03-14 12:04` (month-day, minute).
    public static func tableMoment(_ date: Date, now: Date, utcOffset: Int) -> String {
        let a = civil(date, utcOffset: utcOffset)
        let b = civil(now, utcOffset: utcOffset)
        if a.year == b.year && a.month == b.month && a.day == b.day { return clock(date, utcOffset: utcOffset) }
        return "\(twoDigits(a.month))-\(twoDigits(a.day)) \(twoDigits(a.hour)):\(twoDigits(a.minute))"
    }

    /// The width of ``tableMoment(_:now:utcOffset:)`` for the dates of a column: 8 when all are today.
    public static func tableMomentWidth(_ dates: some Sequence<Date>, now: Date, utcOffset: Int) -> Int {
        let today = civil(now, utcOffset: utcOffset)
        let allToday = dates.allSatisfy {
            let a = civil($0, utcOffset: utcOffset)
            return a.year == today.year && a.month == today.month && a.day == today.day
        }
        return allToday ? 8 : 11
    }

    /// A clock time on the same day as `now`, else a short date and minute: `12:04:33`, `Mar 15 01:00`.
    public static func shortMoment(_ date: Date, now: Date, utcOffset: Int) -> String {
        let a = civil(date, utcOffset: utcOffset)
        let b = civil(now, utcOffset: utcOffset)
        if a.year == b.year && a.month == b.month && a.day == b.day { return clock(date, utcOffset: utcOffset) }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let year = a.year == b.year ? "" : " \(a.year)"
        return "\(months[a.month - 1]) \(a.day)\(year) \(twoDigits(a.hour)):\(twoDigits(a.minute))"
    }

    /// A count with thousands separators: `48,213`.
    public static func count(_ value: Int) -> String {
        // `magnitude`, not `abs`: `abs(Int.min)` traps.
        let digits = String(value.magnitude)
        var result = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    /// A zone offset as `UTC`, `UTC+2` or `UTC-5:30`.
    public static func zone(_ utcOffset: Int) -> String {
        if utcOffset == 0 { return "UTC" }
        let sign = utcOffset < 0 ? "-" : "+"
        let minutes = abs(utcOffset) / 60
        return "UTC" + sign + String(minutes / 60) + (minutes % 60 == 0 ? "" : ":" + twoDigits(minutes % 60))
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Calendar fields from seconds since 1970, by the days-to-civil algorithm (proleptic Gregorian).
    static func civil(
        _ date: Date, utcOffset: Int
    ) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        // Dates from stored data are clamped to ±10,000 years, so the day arithmetic below cannot overflow.
        let limit = 315_569_520_000
        let seconds = min(max(Int(saturating: date.timeIntervalSince1970.rounded(.down)), -limit), limit) + utcOffset
        let days = Int(saturating: (Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }
}
