import Console
import Foundation
import JobStore
import Testing

/// The Overview's activity chart: stacked bars readable without colour, honest axes, and no trap or stray cell
/// whatever the counts and the frame.
@Suite("Activity chart")
struct ActivityChartTests {
    typealias Point = ActivityChart.Point

    /// 2025-03-14 12:00:00 UTC.
    static let noon = Date(timeIntervalSince1970: 1_741_953_600)

    static func render(
        _ points: [Point], bucketSeconds: Int = 60, utcOffsetSeconds: Int = 0, start: Date = noon,
        width: Int, height: Int
    ) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        ActivityChart.draw(
            points, firstStart: start, bucketSeconds: bucketSeconds, utcOffsetSeconds: utcOffsetSeconds,
            x: 0, y: 0, width: width, height: height, into: &buffer)
        return buffer
    }

    /// The cells of one column from the top row down, as text.
    static func column(_ buffer: CellBuffer, x: Int, rows: Int) -> String {
        String((0..<rows).map { buffer[x, $0].grapheme })
    }

    @Test("a small chart draws exactly: eighths alone, whole cells under ▒ and ▓, ─ only above a bar, axes")
    func exactText() {
        let points = [
            Point(started: 10, completed: 8),
            Point(started: 12, completed: 9, failed: 1, retried: 2),
            Point(started: 25, completed: 4),
            Point(completed: 15, failed: 3),
        ]
        let buffer = Self.render(points, bucketSeconds: 300, width: 30, height: 8)
        // Scale 0…25 over 6 rows; each 5-minute bucket is 6 columns wide; ticks every 10 minutes (12 columns).
        let expected = """
              25┤            ──────
                │                  ▓▓▓▓▓▓
                │      ▓▓▓▓▓▓      ██████
            12.5┤──────▒▒▒▒▒▒      ██████
                │▇▇▇▇▇▇██████      ██████
                │████████████████████████
               0└┬───────────┬───────────
                 12:00       12:10
            """
        #expect(buffer.text == expected)
        #expect(buffer[5, 5].style == CellStyle(.status(.completed)))
        #expect(buffer[11, 3].style == CellStyle(.status(.scheduled)))
        #expect(buffer[11, 2].style == CellStyle(.status(.failed)))
        #expect(buffer[5, 3].style == CellStyle(.status(.queued)))
        #expect(buffer[4, 0].style == CellStyle(.ui(.border)))
    }

    @Test("a single failure among thousands of completions shows as one ▓ in the failed style")
    func singleFailure() {
        var points = Array(repeating: Point(started: 1000, completed: 1000), count: 30)
        points[17].failed = 1
        let buffer = Self.render(points, width: 40, height: 10)
        let failed = buffer.cells.filter { $0.grapheme == "▓" }
        #expect(failed.count == 1)
        #expect(failed.allSatisfy { $0.style == CellStyle(.status(.failed)) })
    }

    @Test("a failure on a full bar takes the top cell from the completed part")
    func failureAtTheTop() {
        let buffer = Self.render([Point(completed: 99, failed: 1)], width: 20, height: 8)
        let plotX = Array(buffer.lines[0]).firstIndex(of: "┤")! + 1
        #expect(Self.column(buffer, x: plotX, rows: 6) == "▓█████")
    }

    @Test("the started marker shows above a bar and never within one")
    func startedMarker() {
        let points = [Point(started: 40, completed: 10), Point(started: 10, completed: 40), Point(started: 20)]
        let buffer = Self.render(points, width: 24, height: 10)
        // A 0…50 scale over 8 rows; "50┤" leaves 21 columns, 7 for each bucket.
        #expect(buffer.lines[0].hasPrefix("50┤"))
        let (plotX, width, rows) = (3, 7, 8)
        // 10 completed is 1⅝ cells; 40 started ends in the 7th row from the bottom.
        #expect(Self.column(buffer, x: plotX, rows: rows) == " ─    ▅█")
        #expect(Self.column(buffer, x: plotX + width, rows: rows) == " ▃██████")
        // Started alone: the marker at 20 of 50, in the 4th row from the bottom.
        #expect(Self.column(buffer, x: plotX + 2 * width, rows: rows) == "    ─   ")
        #expect(buffer[plotX, 1].style == CellStyle(.status(.queued)))
    }

    @Test("one or two more started than finished marks nothing; any start over an empty bar is marked")
    func startedThreshold() {
        // 0…50 over 8 rows: 25 completed ends exactly on a cell's edge, 26 started is an eighth above it.
        let points = [Point(completed: 50), Point(started: 26, completed: 25), Point(started: 29, completed: 25)]
        let buffer = Self.render(points, width: 24, height: 10)
        #expect(Self.column(buffer, x: 3 + 7, rows: 8) == "    ████")
        #expect(Self.column(buffer, x: 3 + 14, rows: 8) == "   ─████")
        // A single start where nothing finishes (workers gone) shows, however small on the scale.
        let stuck = Self.render([Point(started: 900, completed: 900), Point(started: 1)], width: 24, height: 10)
        #expect(Self.column(stuck, x: 4 + 10, rows: 8) == "       ─")
    }

    @Test(
        "the scale's top is the nice number at or above the tallest column",
        arguments: [
            (0.0, 1.0), (1, 1), (2, 2), (3, 5), (7, 10), (11, 20), (21, 25), (26, 50), (1000, 1000), (1001, 2000),
            (1180, 2000), (Double(Int.max), 1e19),
        ])
    func niceTop(_ tallest: Double, _ top: Double) {
        #expect(ActivityChart.niceTop(tallest) == top)
    }

    @Test(
        "axis labels are compact",
        arguments: [
            (999.0, "999"), (1000, "1k"), (1200, "1.2k"), (2500, "2.5k"), (45_000, "45k"), (999_700, "1M"),
            (1_200_000, "1.2M"), (12.5, "12.5"), (1e19, "10E"), (-5, "0"), (.nan, "0"),
        ])
    func compact(_ value: Double, _ text: String) {
        #expect(ActivityChart.compact(value) == text)
    }

    @Test("the y labels are the nice top, its half and 0, right-aligned in a column as narrow as they are")
    func yLabels() {
        let buffer = Self.render([Point(started: 900, completed: 1180), Point(completed: 300)], width: 30, height: 10)
        let lines = buffer.lines
        #expect(lines[0].hasPrefix("2k┤"))
        #expect(lines[4].hasPrefix("1k┤"))  // 8 rows: the 4th from the bottom holds half the scale
        #expect(lines[8].hasPrefix(" 0└"))
        #expect(lines[1...7].filter { $0.hasPrefix("  │") }.count == 6)
        let empty = Self.render([Point(), Point()], width: 30, height: 10).lines
        #expect(empty[0].hasPrefix("1┤"))
        #expect(empty[1...7].allSatisfy { $0 == " │" })
        #expect(empty[8].hasPrefix("0└┬──"))
        // No buckets at all: a bare axis the width of the frame, no ticks, no times.
        let none = Self.render([], width: 30, height: 10).lines
        #expect(none[8] == "0└" + String(repeating: "─", count: 28))
        #expect(none[9].isEmpty)
    }

    @Test("more buckets than columns are summed, adjacent ones together, and the spike stays where it was")
    func summedBuckets() {
        var points = Array(repeating: Point(completed: 10), count: 300)
        points[250].completed = 500
        var buffer = CellBuffer(width: 40, height: 10)
        let seconds = ActivityChart.draw(
            points, firstStart: Self.noon, bucketSeconds: 60, utcOffsetSeconds: 0, x: 0, y: 0, width: 40, height: 10,
            into: &buffer)
        // " 1k┤", "500┤": the label column leaves 36 columns: 9 buckets each, so 34 columns, the last of 3 buckets.
        #expect(ActivityChart.bucketsPerColumn(points, width: 40) == 9)
        #expect(seconds == 9 * 60)
        #expect(ActivityChart.unitText(bucketSeconds: seconds) == "per 9 min")
        let plotX = Array(buffer.lines[0]).firstIndex(of: "┤")! + 1
        let heights = (0..<36).map { column in
            Self.column(buffer, x: plotX + column, rows: 8).filter { $0 != " " }.count
        }
        #expect(heights.firstIndex(of: heights.max()!) == 250 / 9)
        #expect(heights.filter { $0 == heights.max()! }.count == 1)
        #expect(heights[33] > 0 && heights[34] == 0)
        // Each ordinary column sums 90 runs of a 1k scale: 90/1000 × 8 rows ≈ 6/8 of a cell.
        #expect(Self.column(buffer, x: plotX, rows: 8) == "       ▆")
    }

    @Test("time labels sit at round times in the console's zone, under their ticks, and are never cut")
    func timeLabels() throws {
        // 12:03 UTC is 17:33 at UTC+5:30; one-minute buckets one column each tick every 10 minutes.
        let start = Self.noon.addingTimeInterval(180)
        for width in [70, 64] {
            let buffer = Self.render(
                Array(repeating: Point(completed: 3), count: 60), utcOffsetSeconds: 19_800, start: start,
                width: width, height: 8)
            let axis = Array(buffer.lines[6])
            let labels = Array(buffer.lines[7])
            let ticks = axis.indices.filter { axis[$0] == "┬" }
            #expect(ticks.map { $0 - ticks[0] } == [0, 10, 20, 30, 40, 50])
            let tokens = String(labels).split(separator: " ").map(String.init)
            #expect(Array(tokens.prefix(5)) == ["17:40", "17:50", "18:00", "18:10", "18:20"])
            for token in tokens {
                let start = try #require(
                    labels.indices.first { String(labels[$0..<min($0 + 5, labels.count)]) == token })
                #expect(ticks.contains(start))
            }
            // At 64 columns the last tick is 3 columns from the edge: its label is left out, not cut.
            #expect(tokens.count == (width == 70 ? 6 : 5))
            #expect(labels.count <= width)
        }
    }

    @Test("ticks are no finer than a column and fall on column edges")
    func hourTicks() {
        // Two one-hour buckets across 60 columns: a tick per hour, not at 12:15 inside the first bucket.
        let buffer = Self.render([Point(completed: 1), Point(completed: 2)], bucketSeconds: 3600, width: 60, height: 6)
        let labels = buffer.lines[5].split(separator: " ")
        #expect(labels == ["12:00", "13:00"])
    }

    @Test("below 5 rows the time labels go; below 20 × 4 nothing is drawn")
    func smallFrames() {
        let points = [Point(started: 4, completed: 3, failed: 1), Point(completed: 2)]
        // Four rows: three of bars (top and middle labelled), the axis, and no time labels.
        let four = Self.render(points, width: 20, height: 4).lines
        #expect(four.map { String($0.prefix(4)) } == ["  5┤", "2.5┤", "   │", "  0└"])
        #expect(four[3].hasPrefix("  0└┬───────┬"))
        #expect(!four.joined().contains(":"))
        #expect(Self.render(points, width: 20, height: 5).lines[4].contains("12:00"))
        for (width, height) in [(19, 12), (80, 3), (0, 0)] {
            #expect(Self.render(points, width: width, height: height).text.allSatisfy { $0 == " " || $0 == "\n" })
        }
    }

    static let hostile: [[Point]] = [
        [],
        [Point()],
        [Point(started: .max, completed: .max, failed: .max, retried: .max), Point(completed: 3)],
        [Point(started: -5, completed: .min, failed: -1, retried: .min), Point(started: .min)],
        Array(repeating: Point(started: .max, completed: .max, failed: .max, retried: 1), count: 5000),
    ]

    @Test("hostile counts, bucket lengths, zones and tiny frames neither trap nor write outside the frame")
    func hostileInput() {
        let starts = [
            Self.noon, Date(timeIntervalSince1970: .nan), .distantFuture, Date(timeIntervalSince1970: -1e300),
        ]
        for points in Self.hostile {
            for (width, height) in [(0, 0), (1, 1), (19, 4), (20, 3), (20, 4), (21, 5), (33, 12)] {
                for (bucket, offset) in [(60, 0), (0, .max), (-5, .min), (.max, 19_800)] {
                    var buffer = CellBuffer(width: 50, height: 20)
                    ActivityChart.draw(
                        points, firstStart: starts[abs(bucket % 4)], bucketSeconds: bucket, utcOffsetSeconds: offset,
                        x: 7, y: 3, width: width, height: height, into: &buffer)
                    let drawn = (0..<20).flatMap { y in (0..<50).map { (x: $0, y: y) } }
                        .filter { buffer[$0.x, $0.y] != .blank() }
                    #expect(drawn.allSatisfy { $0.x >= 7 && $0.x < 7 + width && $0.y >= 3 && $0.y < 3 + height })
                    #expect(drawn.isEmpty == (width < 20 || height < 4))
                }
            }
        }
        // Frames reaching past the buffer, or at the ends of Int, are clipped, not overflowed.
        var buffer = CellBuffer(width: 50, height: 20)
        for (x, y, width, height) in [(45, 18, Int.max, Int.max), (Int.max, Int.min, 30, 10), (-10, -3, 40, 12)] {
            ActivityChart.draw(
                Self.hostile[2], firstStart: Self.noon, bucketSeconds: 60, utcOffsetSeconds: 0, x: x, y: y,
                width: width, height: height, into: &buffer)
        }
        #expect(buffer.width == 50 && buffer.height == 20)
    }

    @Test("the legend names each series with its glyph in the bar's style and the totals with separators")
    func legend() {
        let points = [
            Point(started: 1000, completed: 1000, failed: 30),
            Point(started: 204, completed: 180, failed: 7, retried: 12),
        ]
        let line = ActivityChart.legend(ActivityChart.totals(points))
        #expect(line.plainText == "█ completed 1,180  ▒ retried 12  ▓ failed 37  ─ started 1,204")
        let glyphs = line.spans.filter { ["█", "▒", "▓", "─"].contains($0.text) }
        #expect(
            glyphs.map(\.style) == [
                CellStyle(.status(.completed)), CellStyle(.status(.scheduled)), CellStyle(.status(.failed)),
                CellStyle(.status(.queued)),
            ])
        let huge = ActivityChart.totals([Point(completed: .max), Point(completed: 5, failed: -3)])
        #expect(huge.completed == .max && huge.failed == 0)
    }

    @Test(
        "the unit says what one column counts",
        arguments: [
            (60, "per minute"), (300, "per 5 min"), (3600, "per hour"), (7200, "per 2 h"), (86_400, "per day"),
            (172_800, "per 2 days"), (30, "per 30 s"), (0, "per bucket"),
        ])
    func unitText(_ seconds: Int, _ text: String) {
        #expect(ActivityChart.unitText(bucketSeconds: seconds) == text)
    }
}
