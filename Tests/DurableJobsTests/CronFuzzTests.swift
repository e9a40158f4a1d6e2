import Foundation
import JobStoreTesting
import PropertyBased
import Testing

@testable import DurableJobs

/// The cron parser against random input: any text parses or is refused with a one-line message, and every
/// accepted expression's next fire time is strictly later, is a fire time, and skips none.
@Suite("Cron expressions: fuzzed with a fixed seed")
struct CronFuzzTests {
    /// Zones with daylight saving time, a half-hour shift (Lord Howe) and a quarter-hour offset (Kathmandu).
    static let zones = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu"]
        .compactMap(TimeZone.init(identifier:))

    /// Expressions made of valid items, but for a value one past its range now and then, so most parse.
    static let likely = Generator<String, Shrink.None<String>>(run: { random in
        if Int.random(in: 0..<10, using: &random) == 0 { return pick(CronSamples.macros, &random) }
        return CronField.allCases.map { CronSamples.field($0, validRate: 10, &random) }.joined(separator: " ")
    })

    /// Anything: broken items, wrong field counts, odd whitespace, any characters.
    static let anything = Generator<String, Shrink.None<String>>(run: { random in
        let count = Int.random(in: 0...7, using: &random)
        let fields = (0..<count).map { _ in
            CronSamples.field(pick(CronField.allCases, &random), validRate: 2, &random)
        }
        var text = ""
        for field in fields { text += field + pick([" ", "  ", "\t", "\n", " \u{A0}", "\u{1B}"], &random) }
        if Int.random(in: 0..<4, using: &random) == 0 {
            text.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) ?? "?")
        }
        return text
    })

    /// Moments from 1970 to 2100, at any second; half of them in the months whose clocks change somewhere
    /// (March, April, October, November), where daylight saving time tests the searches.
    static let moments = Generator<Int, Shrink.None<Int>>(run: { random in
        guard Bool.random(using: &random) else { return Int.random(in: 0...4_102_444_800, using: &random) }
        let day = CivilMinute.days(
            year: Int.random(in: 1971...2099, using: &random), month: pick([3, 4, 10, 11], &random),
            day: Int.random(in: 1...30, using: &random))
        return day * 86_400 + Int.random(in: 0..<86_400, using: &random)
    })

    @Test("any text parses, or is refused with one line naming the expression")
    func anyText() {
        fuzz(count: 600, seed: 3, Self.anything) { text in
            do {
                let expression = try CronExpression(text)
                #expect(!expression.description.isEmpty)
            } catch {
                let message = "\(error)"
                // By scalars: a combining mark after the quote would join it into one Character.
                #expect(message.unicodeScalars.starts(with: "invalid cron expression \"".unicodeScalars), "\(message)")
                #expect(!message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            }
        }
    }

    @Test("an accepted expression fires strictly after the given time, and no fire time is skipped")
    func nextFireTimes() {
        var accepted = 0
        fuzz(count: 300, seed: 5, zip(Self.likely, Self.moments)) { text, seconds in
            guard let expression = try? CronExpression(text) else { return }
            accepted += 1
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            for zone in Self.zones {
                guard let next = expression.nextFireTime(after: date, in: zone) else {
                    #expect(!expression.canFire, "\(text) in \(zone.identifier) after \(date) never fires")
                    continue
                }
                #expect(next > date, "\(text) in \(zone.identifier): \(next) is not after \(date)")
                #expect(next.timeIntervalSince1970.truncatingRemainder(dividingBy: 60) == 0, "\(text): \(next)")
                #expect(
                    expression.previousFireTime(atOrBefore: next, in: zone) == next,
                    "\(text) in \(zone.identifier): \(next) is not a fire time")
                let before = expression.previousFireTime(atOrBefore: next.addingTimeInterval(-1), in: zone)
                #expect(
                    before.map { $0 <= date } ?? true,
                    "\(text) in \(zone.identifier): \(String(describing: before)) lies between \(date) and \(next)")
            }
        }
        #expect(accepted >= 150, "most of the likely expressions parse (\(accepted) did)")
    }
}

/// Building blocks for random cron text.
enum CronSamples {
    static let macros = [
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@HOURLY", "@reboot",
        "@every",
    ]

    /// Items no field accepts.
    static let broken = [
        "", "-", "/", "*/", "*/0", "5-", "-5", "1--2", "1/2/3", "?", "L", "5#2", "99999999999999999999", "٣", "1.5",
        "*/99999999999999999999", "MON-", "FOO", "0x1F", "\u{0}", "\u{1B}[2J", "*-5", ",",
    ]

    /// A field of one to three items, each valid `validRate` times in ten.
    static func field(_ field: CronField, validRate: Int, _ random: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in
            Int.random(in: 0..<10, using: &random) < validRate ? item(field, &random) : pick(broken, &random)
        }.joined(separator: ",")
    }

    /// A value, range, step or name the field accepts (or, now and then, a value just out of range).
    static func item(_ field: CronField, _ random: inout some RandomNumberGenerator) -> String {
        let low = field.bounds.lowerBound
        let high = field.bounds.upperBound
        func value(_ random: inout some RandomNumberGenerator) -> String {
            if !field.names.isEmpty, Bool.random(using: &random) {
                let name = pick(field.names, &random)
                return Bool.random(using: &random) ? name.lowercased() : name
            }
            return String(
                Int.random(in: low...(high + (Int.random(in: 0..<20, using: &random) == 0 ? 1 : 0)), using: &random))
        }
        let step = "/\(Int.random(in: 1...field.size, using: &random))"
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return "*"
        case 1: return "*" + step
        case 2: return value(&random)
        case 3: return value(&random) + step
        case 4:
            let start = Int.random(in: low...high, using: &random)
            return "\(start)-\(Int.random(in: start...high, using: &random))"
        default:
            let start = Int.random(in: low...high, using: &random)
            return "\(start)-\(Int.random(in: start...high, using: &random))" + step
        }
    }
}
