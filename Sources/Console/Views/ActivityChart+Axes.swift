import Foundation

extension ActivityChart {
    /// The top of the y scale: the smallest of 1, 2, 2.5 and 5 × 10ⁿ at or above `value` (1 for nothing).
    public static func niceTop(_ value: Double) -> Double {
        guard value > 1 else { return 1 }
        guard value.isFinite else { return .greatestFiniteMagnitude }
        var power = pow(10, log10(value).rounded(.down))
        // `log10` may land a hair off at exact powers of ten.
        if power > value { power /= 10 }
        if power * 10 <= value { power *= 10 }
        for factor in [1, 2, 2.5, 5] where factor * power >= value { return factor * power }
        return 10 * power
    }

    /// A count for an axis label in at most four characters: `999`, `1.2k`, `45k`, `1.2M`; `12.5` for a
    /// half scale. Negative and non-finite values read 0.
    public static func compact(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        if value < 1000 { return tenths(value) }
        let units: [(size: Double, suffix: String)] = [
            (1e3, "k"), (1e6, "M"), (1e9, "G"), (1e12, "T"), (1e15, "P"), (1e18, "E"),
        ]
        var index = units.lastIndex { value >= $0.size } ?? 0
        while true {
            let scaled = value / units[index].size
            if (scaled * 10).rounded() < 100 { return tenths(scaled) + units[index].suffix }
            // 999.7k reads 1M, not 1000k.
            if scaled.rounded() < 1000 || index == units.count - 1 {
                return String(Int(saturating: scaled.rounded())) + units[index].suffix
            }
            index += 1
        }
    }

    /// `12`, `12.5`: one decimal, dropped when it is 0.
    static func tenths(_ value: Double) -> String {
        let tenths = Int(saturating: (value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }

    /// The frame clipped to the buffer, so nothing is laid out where it cannot be drawn.
    struct Frame {
        var x: Int
        var y: Int
        var width: Int
        var height: Int

        init?(x: Int, y: Int, width: Int, height: Int, clippedTo buffer: CellBuffer) {
            func end(_ start: Int, _ length: Int) -> Int {
                let (sum, overflow) = start.addingReportingOverflow(max(0, length))
                return overflow ? .max : sum
            }
            let left = max(0, x)
            let top = max(0, y)
            let right = min(buffer.width, end(x, width))
            let bottom = min(buffer.height, end(y, height))
            guard right > left, bottom > top else { return nil }
            self.x = left
            self.y = top
            self.width = right - left
            self.height = bottom - top
        }
    }

    /// The columns the buckets make and the y scale's labels for a frame width.
    struct Layout {
        /// The buckets, summed when more than fit.
        var columns: [Point] = []
        /// Buckets summed into each column.
        var bucketsPerColumn = 1
        /// Cells each column is wide.
        var cellsPerColumn = 1
        /// The top of the scale.
        var top = 1.0
        /// The y labels, top to bottom: top, middle (nil when the scale is 0…1) and 0.
        var labels: (top: String, middle: String?, zero: String) = ("1", nil, "0")
        /// Columns of the label column, which the axis follows.
        var labelWidth = 1

        init(_ points: [Point], frameWidth: Int) {
            // The label column's width depends on the scale, which depends on how many buckets each column sums,
            // which depends on the room the labels leave: settle it in a few passes (labels are at most 4 wide).
            for _ in 0..<5 {
                group(points, plotWidth: frameWidth - labelWidth - 1)
                top = ActivityChart.niceTop(columns.reduce(0) { max($0, Self.height($1)) })
                labels = (ActivityChart.compact(top), top >= 2 ? ActivityChart.compact(top / 2) : nil, "0")
                let needed = [labels.top, labels.middle ?? "", labels.zero].map { DisplayWidth.of($0) }.max() ?? 1
                if needed <= labelWidth { break }
                labelWidth = needed
            }
        }

        /// The cells the columns take.
        var dataWidth: Int { columns.count * cellsPerColumn }

        /// What the scale must reach for a column: its bar or its started count, whichever is higher.
        static func height(_ point: Point) -> Double {
            let bar = Double(max(0, point.completed)) + Double(max(0, point.retried)) + Double(max(0, point.failed))
            return max(bar, Double(max(0, point.started)))
        }

        mutating func group(_ points: [Point], plotWidth: Int) {
            guard !points.isEmpty, plotWidth > 0 else {
                (columns, bucketsPerColumn, cellsPerColumn) = ([], 1, 1)
                return
            }
            if points.count <= plotWidth {
                (columns, bucketsPerColumn, cellsPerColumn) = (points, 1, plotWidth / points.count)
                return
            }
            let per = (points.count - 1) / plotWidth + 1
            columns = stride(from: 0, to: points.count, by: per).map { start in
                points[start..<min(start + per, points.count)].reduce(Point()) { $0.adding($1) }
            }
            (bucketsPerColumn, cellsPerColumn) = (per, 1)
        }
    }

    /// Steps between time ticks, in minutes: the first that leaves room for a label and is no finer than a column.
    static let tickMinutes = [1, 5, 10, 15, 30, 60, 120, 360, 720, 1440, 2880, 10_080]

    /// Ticks at round times within the first `cells` cells: each one's cell and its label, `HH:MM` in the zone
    /// (`MM-DD` when ticks are days apart).
    static func timeTicks(
        firstStart: Date, columnSeconds: Double, cellsPerColumn: Int, cells: Int, utcOffset: Int
    ) -> [(cell: Int, label: String)] {
        let secondsPerCell = columnSeconds / Double(max(1, cellsPerColumn))
        let origin = firstStart.timeIntervalSince1970
        // Beyond ±10,000 years there is no clock time to show.
        guard cells > 0, origin.isFinite, abs(origin) < 3e11, secondsPerCell.isFinite else { return [] }
        // Five characters and two spaces between labels.
        let fitting = tickMinutes.map { Double($0 * 60) }.filter { $0 >= columnSeconds && $0 / secondsPerCell >= 7 }
        // Prefer ticks on column edges, so a tick never points into the middle of a bucket.
        guard
            let step = fitting.first(where: { $0.truncatingRemainder(dividingBy: columnSeconds) == 0 })
                ?? fitting.first
        else { return [] }
        let local = origin + Double(utcOffset)
        var time = (local / step).rounded(.up) * step - Double(utcOffset)
        var ticks: [(cell: Int, label: String)] = []
        while ticks.count <= cells {
            // A hair of slack: a tick exactly on a column edge must not fall into the column before.
            let cell = Int(saturating: ((time - origin) / secondsPerCell + 1e-6).rounded(.down))
            guard cell < cells else { break }
            let parts = Format.civil(Date(timeIntervalSince1970: time), utcOffset: utcOffset)
            let label =
                step >= 86_400
                ? Format.twoDigits(parts.month) + "-" + Format.twoDigits(parts.day)
                : Format.twoDigits(parts.hour) + ":" + Format.twoDigits(parts.minute)
            ticks.append((cell, label))
            time += step
        }
        return ticks
    }

    /// The y axis with its labels, the time axis under the bars and, when there is room, the time labels.
    static func drawAxes(
        _ layout: Layout, rows: Int, ticks: [(cell: Int, label: String)], showsTimes: Bool, frame: Frame,
        into buffer: inout CellBuffer
    ) {
        let axisX = frame.x + layout.labelWidth
        let axisY = frame.y + rows
        let labelStyle = CellStyle.dim
        // A row shows the values a bar ending in it reaches; the middle is the row holding half the scale.
        let middleRow = (rows + 1) / 2 - 1
        for row in 0..<rows {
            let y = axisY - 1 - row
            let label: String? =
                row == rows - 1 ? layout.labels.top : (row == middleRow ? layout.labels.middle : nil)
            buffer.put(label == nil ? "│" : "┤", x: axisX, y: y, style: axisStyle)
            if let label {
                buffer.write(label, x: frame.x, y: y, width: layout.labelWidth, style: labelStyle, alignment: .right)
            }
        }
        buffer.write(
            layout.labels.zero, x: frame.x, y: axisY, width: layout.labelWidth, style: labelStyle, alignment: .right)
        let plotX = axisX + 1
        let plotWidth = frame.x + frame.width - plotX
        var axis = Array(repeating: Character("─"), count: layout.dataWidth > 0 ? layout.dataWidth : plotWidth)
        for tick in ticks where tick.cell >= 0 && tick.cell < axis.count { axis[tick.cell] = "┬" }
        buffer.put("└" + String(axis), x: axisX, y: axisY, style: axisStyle, maxWidth: frame.width - layout.labelWidth)
        guard showsTimes else { return }
        var free = 0
        for tick in ticks {
            let width = DisplayWidth.of(tick.label)
            // A label that would overlap the last or be cut at the right edge is left out; its tick stays.
            guard tick.cell >= free, tick.cell + width <= plotWidth else { continue }
            buffer.put(tick.label, x: plotX + tick.cell, y: axisY + 1, style: labelStyle)
            free = tick.cell + width + 1
        }
    }
}
