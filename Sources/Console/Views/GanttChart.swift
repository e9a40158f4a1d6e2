import Foundation
import JobStore

/// The step timeline as a Gantt chart: one block per attempt, a bar per step on a shared time axis,
/// with the gaps between attempts (backoff, crash recovery) and waits drawn as their own bars.
enum GanttChart {
    /// One bar of the chart.
    struct Bar {
        var label: StyledLine
        var start: Date
        var end: Date
        var glyph: Character
        var style: CellStyle
        var note: StyledLine?
        /// The step the bar is, by name: a recorded step, a failure of one, the one running; nil for the
        /// other bars (time queued, an attempt's header, the gap after it, backoff).
        var step: String?
    }

    /// The step each line of ``lines(_:width:now:utcOffset:)`` draws, line for line; nil for the header and
    /// the bars that are no step.
    static func steps(_ detail: RunDetail, now: Date, utcOffset: Int) -> [String?] {
        let bars = bars(detail, now: now, utcOffset: utcOffset)
        return bars.isEmpty ? [nil] : [nil] + bars.map(\.step)
    }

    static func lines(_ detail: RunDetail, width: Int, now: Date, utcOffset: Int) -> [StyledLine] {
        let bars = bars(detail, now: now, utcOffset: utcOffset)
        guard !bars.isEmpty else {
            return [StyledLine("No attempts yet: the run has not been claimed by a worker.", .dim)]
        }
        let labelWidth = min(36, max(22, width * 3 / 10))
        let tookWidth = 7
        let barWidth = max(0, width - labelWidth - tookWidth - 3)
        let origin = detail.run.createdAt
        let end = bars.map(\.end).max() ?? now
        let span = max(end.timeIntervalSince(origin), 0.001)

        var header = StyledLine(TextFit.pad("STEP", to: labelWidth), CellStyle(.ui(.columnHeader)))
        header.append(" " + TextFit.pad("TOOK", to: tookWidth, alignment: .right) + "  ", CellStyle(.ui(.columnHeader)))
        header.append(axis(span: span, width: barWidth), CellStyle(.ui(.dim)))
        var output = [header]

        for bar in bars {
            var line = StyledLine()
            line.spans += pad(bar.label, to: labelWidth).spans
            line.append(
                " "
                    + TextFit.pad(
                        Format.duration(bar.end.timeIntervalSince(bar.start)), to: tookWidth, alignment: .right) + "  ",
                .dim)
            guard barWidth >= 8 else {
                output.append(line)
                continue
            }
            let startColumn = column(of: bar.start, origin: origin, span: span, width: barWidth, roundUp: false)
            let endColumn = min(
                barWidth,
                max(startColumn + 1, column(of: bar.end, origin: origin, span: span, width: barWidth, roundUp: true)))
            line.append(String(repeating: " ", count: startColumn), .text)
            line.append(String(repeating: bar.glyph, count: endColumn - startColumn), bar.style)
            if let note = bar.note, barWidth - endColumn > 3 {
                line.append(" ", .text)
                line.spans += note.spans
            }
            output.append(line)
        }
        return output
    }

    static func column(of date: Date, origin: Date, span: TimeInterval, width: Int, roundUp: Bool) -> Int {
        let position = date.timeIntervalSince(origin) / span * Double(width)
        let value = roundUp ? Int(saturating: position.rounded(.up)) : Int(saturating: position.rounded(.down))
        return min(max(0, value), roundUp ? width : width - 1)
    }

    static func pad(_ line: StyledLine, to width: Int) -> StyledLine {
        var result = StyledLine()
        var used = 0
        for span in line.spans {
            let room = width - used
            guard room > 0 else { break }
            let text = DisplayWidth.of(span.text) > room ? TextFit.truncate(span.text, to: room) : span.text
            result.append(text, span.style)
            used += DisplayWidth.of(text)
        }
        if used < width { result.append(String(repeating: " ", count: width - used), .text) }
        return result
    }

    /// Tick labels (`0s`, `30s`, `1m`) spaced about every twelve columns.
    static func axis(span: TimeInterval, width: Int) -> String {
        guard width >= 8 else { return "" }
        let steps: [TimeInterval] = [
            0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400,
        ]
        let wanted = max(1, width / 12)
        let step = steps.first { span / $0 <= Double(wanted) } ?? 86_400
        var characters = Array(repeating: Character(" "), count: width)
        var tick = 0.0
        var lastEnd = -1
        while tick <= span {
            let position = Int(saturating: (tick / span * Double(width)).rounded(.down))
            let label = Array("╵" + axisLabel(tick))
            if position > lastEnd, position + label.count <= width {
                for (offset, character) in label.enumerated() { characters[position + offset] = character }
                lastEnd = position + label.count
            }
            tick += step
        }
        return String(characters)
    }

    static func axisLabel(_ seconds: TimeInterval) -> String {
        if seconds == 0 { return "0" }
        if seconds < 1 { return "\(Int(saturating: (seconds * 1000).rounded()))ms" }
        let whole = Int(saturating: seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return whole % 60 == 0 ? "\(whole / 60)m" : "\(whole / 60)m\(whole % 60)s" }
        return whole % 3600 == 0 ? "\(whole / 3600)h" : "\(whole / 3600)h\(whole / 60 % 60)m"
    }
}
