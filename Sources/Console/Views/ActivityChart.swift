import Foundation

/// Runs per time bucket over a window as stacked bars, for the Overview: how many completed, failed for good and
/// failed a try that will run again, with a marker where more runs started than the bar shows.
///
/// Bottom to top each bar is completed (`█`, with an eighth block for its top when nothing is stacked on it), retried (`▒`) then failed (`▓`), so
/// the monochrome theme tells them apart by glyph alone. A non-zero retried or failed count always gets at least
/// one whole cell, taken from the top of the scale when the bar would not fit: a single failure is visible. A `─`
/// above a bar marks how many runs started in the bucket: intake above output is a backlog forming. A y axis on
/// the left (the top of a "nice" scale, its middle and 0) and a time axis under the bars (ticks at round times,
/// `HH:MM` in the console's zone) frame it.
///
/// Each bucket is one column, or several equal columns when there are fewer buckets than the plot is wide (15
/// buckets in 60 columns: 4 each, the rest blank). When there are more buckets than columns, adjacent buckets are
/// summed, as many per column as it takes for the whole window to fit (the last column may hold fewer), and
/// ``draw(_:firstStart:bucketSeconds:utcOffsetSeconds:x:y:width:height:into:)`` returns the seconds one drawn
/// column covers, for the title's ``unitText(bucketSeconds:)``.
///
/// Small frames degrade: below 5 rows the time labels go; below ``minimumWidth`` × ``minimumHeight`` nothing is
/// drawn. A pure function of its inputs: no clock, no I/O, and nothing written outside the frame.
public enum ActivityChart {
    /// One time bucket of the activity chart.
    public struct Point: Sendable, Hashable {
        /// Runs started (created) in the bucket.
        public var started: Int
        /// Runs that completed in the bucket.
        public var completed: Int
        /// Runs that failed for good (no tries left) in the bucket.
        public var failed: Int
        /// Tries that failed in the bucket and will run again.
        public var retried: Int

        /// Creates one bucket's counts.
        public init(started: Int = 0, completed: Int = 0, failed: Int = 0, retried: Int = 0) {
            self.started = started
            self.completed = completed
            self.failed = failed
            self.retried = retried
        }

        /// Both buckets' counts added, each saturating at `Int.max`; a negative count is taken as 0.
        public func adding(_ other: Point) -> Point {
            Point(
                started: Self.sum(started, other.started), completed: Self.sum(completed, other.completed),
                failed: Self.sum(failed, other.failed), retried: Self.sum(retried, other.retried))
        }

        /// Adds another bucket's counts to these, as ``adding(_:)`` does.
        public mutating func add(_ other: Point) {
            self = adding(other)
        }

        static func sum(_ a: Int, _ b: Int) -> Int {
            let (total, overflow) = max(0, a).addingReportingOverflow(max(0, b))
            return overflow ? .max : total
        }
    }

    /// The narrowest frame drawn: a label column, the axis and a plot of at least 15 columns.
    public static let minimumWidth = 20
    /// The lowest frame drawn: three rows of bars and the time axis (the time labels need a fifth row).
    public static let minimumHeight = 4

    static let completedStyle = CellStyle(.status(.completed))
    static let retriedStyle = CellStyle(.status(.scheduled))
    static let failedStyle = CellStyle(.status(.failed))
    static let startedStyle = CellStyle(.status(.queued))
    static let axisStyle = CellStyle(.ui(.border))
    static let eighths: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇"]

    /// Draws the chart of `points`, the first starting at `firstStart` and each `bucketSeconds` long, into the
    /// frame at (`x`, `y`) of `width` × `height` (clipped to the buffer); times are shown `utcOffsetSeconds` east
    /// of UTC. Negative counts are taken as 0.
    ///
    /// - Returns: The seconds one drawn column covers (`bucketSeconds` times the buckets summed into it), or 0 when
    ///   the frame is too small to draw in.
    @discardableResult
    public static func draw(
        _ points: [Point], firstStart: Date, bucketSeconds: Int, utcOffsetSeconds: Int,
        x: Int, y: Int, width: Int, height: Int, into buffer: inout CellBuffer
    ) -> Int {
        guard let frame = Frame(x: x, y: y, width: width, height: height, clippedTo: buffer),
            frame.width >= minimumWidth, frame.height >= minimumHeight
        else { return 0 }
        let showsTimes = frame.height > minimumHeight
        let rows = frame.height - (showsTimes ? 2 : 1)
        let layout = Layout(points, frameWidth: frame.width)
        let bottom = frame.y + rows - 1
        let plotX = frame.x + layout.labelWidth + 1
        for (index, point) in layout.columns.enumerated() {
            let stack = Stack(point, top: layout.top, rows: rows)
            for row in 0..<rows {
                guard let (glyph, style) = stack.glyph(row: row) else { continue }
                let text = String(repeating: glyph, count: layout.cellsPerColumn)
                buffer.put(text, x: plotX + index * layout.cellsPerColumn, y: bottom - row, style: style)
            }
        }
        let bucket = max(1, bucketSeconds)
        let (columnSeconds, overflow) = bucket.multipliedReportingOverflow(by: layout.bucketsPerColumn)
        let ticks = timeTicks(
            firstStart: firstStart, columnSeconds: Double(bucket) * Double(layout.bucketsPerColumn),
            cellsPerColumn: layout.cellsPerColumn, cells: layout.dataWidth,
            utcOffset: min(max(utcOffsetSeconds, -86_400), 86_400))
        drawAxes(layout, rows: rows, ticks: ticks, showsTimes: showsTimes, frame: frame, into: &buffer)
        return overflow ? .max : columnSeconds
    }

    /// How many buckets each drawn column of a frame `width` columns wide sums (1 when they all fit), so a caller
    /// can write the title's unit before drawing: `unitText(bucketSeconds: bucketSeconds * bucketsPerColumn(…))`.
    public static func bucketsPerColumn(_ points: [Point], width: Int) -> Int {
        Layout(points, frameWidth: width).bucketsPerColumn
    }

    /// What one drawn column counts, for the title line: `per minute`, `per 5 min`, `per hour`, `per 2 days`.
    public static func unitText(bucketSeconds: Int) -> String {
        let units: [(seconds: Int, one: String, many: String)] = [
            (86_400, "day", "days"), (3600, "hour", "h"), (60, "minute", "min"), (1, "second", "s"),
        ]
        guard bucketSeconds > 0, let unit = units.first(where: { bucketSeconds % $0.seconds == 0 }) else {
            return "per bucket"
        }
        let count = bucketSeconds / unit.seconds
        return count == 1 ? "per \(unit.one)" : "per \(Format.count(count)) \(unit.many)"
    }

    /// The legend for the panel's title line, each glyph in its bar's style:
    /// `█ completed 1,180  ▒ retried 12  ▓ failed 37  ─ started 1,204` (negative counts show as 0).
    public static func legend(_ totals: Point) -> StyledLine {
        let items: [(glyph: String, style: CellStyle, name: String, count: Int)] = [
            ("█", completedStyle, "completed", totals.completed), ("▒", retriedStyle, "retried", totals.retried),
            ("▓", failedStyle, "failed", totals.failed), ("─", startedStyle, "started", totals.started),
        ]
        var line = StyledLine()
        for (index, item) in items.enumerated() {
            if index > 0 { line.append("  ", .text) }
            line.append(item.glyph, item.style)
            line.append(" \(item.name) ", .dim)
            line.append(Format.count(max(0, item.count)), .text)
        }
        return line
    }

    /// The counts of a window added up, for ``legend(_:)``; saturates at `Int.max`, negative counts are 0.
    public static func totals(_ points: [Point]) -> Point {
        points.reduce(Point()) { $0.adding($1) }
    }

    /// The cells of one bar, bottom (row 0) to top, on a scale of `rows` cells for `top` runs.
    struct Stack: Equatable {
        /// Completed, in eighths of a cell.
        var completedEighths: Int
        /// Whole cells of retried tries above the completed part.
        var retriedCells: Int
        /// Whole cells of failed runs above those.
        var failedCells: Int
        /// The row of the started marker; nil when started is within the bar.
        var startedRow: Int?

        init(_ point: Point, top: Double, rows: Int) {
            let perRun = Double(rows) / top
            let completed = Double(max(0, point.completed))
            let retried = Double(max(0, point.retried))
            let failed = Double(max(0, point.failed))
            // Rounded on the scale, so the counts cannot overflow when converted back.
            func eighths(_ value: Double) -> Int {
                Int(saturating: min((value * perRun * 8).rounded(), Double(rows * 8)))
            }
            func cells(_ value: Double) -> Int { Int(saturating: min((value * perRun).rounded(), Double(rows))) }

            // Under retries or failures the completed part ends on a whole cell: an eighth block there would leave
            // a gap in the bar. Alone, any completed run shows at least an eighth.
            let stacked = point.retried > 0 || point.failed > 0
            var completedEighths =
                stacked ? cells(completed) * 8 : (point.completed > 0 ? max(1, eighths(completed)) : 0)
            let completedCells = (completedEighths + 7) / 8
            // The stack is rounded cumulatively so its total height follows the total count.
            let retriedEnd = point.retried > 0 ? max(completedCells + 1, cells(completed + retried)) : completedCells
            let failedEnd = point.failed > 0 ? max(retriedEnd + 1, cells(completed + retried + failed)) : retriedEnd
            // Past the top of the scale the completed part gives way first, so retries and failures stay visible.
            failedCells = min(failedEnd - retriedEnd, max(0, rows - (point.retried > 0 ? 1 : 0)))
            retriedCells = min(retriedEnd - completedCells, max(0, rows - failedCells))
            completedEighths = min(completedEighths, (rows - failedCells - retriedCells) * 8)
            self.completedEighths = completedEighths

            let barCells = (completedEighths + 7) / 8 + retriedCells + failedCells
            let barTop = retriedCells + failedCells > 0 ? barCells * 8 : completedEighths
            let started = Double(max(0, point.started))
            let startedEighths = max(1, eighths(started))
            let startedRow = (startedEighths + 7) / 8 - 1
            // Half a cell clear of the bar, so a count or two more started than finished does not flicker a marker
            // in wherever the bar ends on a cell's edge; over an empty bar any start shows: nothing finishes.
            let clear = barTop == 0 || startedEighths >= barTop + 4
            let above = point.started > 0 && started > completed + retried + failed && clear && startedRow >= barCells
            self.startedRow = above ? startedRow : nil
        }

        /// The glyph and style of a row of the bar, or nil for an empty cell.
        func glyph(row: Int) -> (Character, CellStyle)? {
            let full = completedEighths / 8
            let completedCells = (completedEighths + 7) / 8
            if row < full { return ("█", ActivityChart.completedStyle) }
            if row < completedCells {
                return (ActivityChart.eighths[completedEighths % 8 - 1], ActivityChart.completedStyle)
            }
            if row < completedCells + retriedCells { return ("▒", ActivityChart.retriedStyle) }
            if row < completedCells + retriedCells + failedCells { return ("▓", ActivityChart.failedStyle) }
            if row == startedRow { return ("─", ActivityChart.startedStyle) }
            return nil
        }
    }
}
