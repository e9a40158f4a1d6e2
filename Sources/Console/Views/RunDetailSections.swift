import Foundation
import JobStore

/// The attempts section: one row per attempt with the try it was on (a wait's resume is a new attempt on the
/// same try), its worker, times, outcome and error.
enum AttemptsTable {
    static func lines(_ detail: RunDetail, width: Int, now: Date, utcOffset: Int) -> [StyledLine] {
        guard !detail.attempts.isEmpty else { return [StyledLine("No attempts yet.", .dim)] }
        let columns = [
            TableColumn("#", width: 3, alignment: .right),
            TableColumn("TRY", width: 5, alignment: .right),
            TableColumn("OUTCOME", width: 12),
            TableColumn("WORKER", width: 14, flex: 1, dropOrder: 2),
            TableColumn("STARTED", width: 8, alignment: .right),
            TableColumn("TOOK", width: 7, alignment: .right),
            TableColumn("ERROR", width: 16, flex: 3),
        ]
        let widths = TableLayout.widths(columns, total: width)
        func row(_ cells: [StyledLine]) -> StyledLine {
            var line = StyledLine()
            var first = true
            for (index, cell) in cells.enumerated() where widths[index] > 0 {
                if !first { line.append(String(repeating: " ", count: TableLayout.gap), .text) }
                first = false
                let fitted = GanttChart.pad(cell, to: widths[index])
                if columns[index].alignment == .right {
                    let gap = max(0, widths[index] - cell.width)
                    var right = StyledLine(String(repeating: " ", count: gap), .text)
                    right.spans += GanttChart.pad(cell, to: widths[index] - gap).spans
                    line.spans += right.spans
                } else {
                    line.spans += fitted.spans
                }
            }
            return line
        }
        var output = [row(columns.map { StyledLine($0.title, CellStyle(.ui(.columnHeader))) })]
        let tries = TimelineText.tries(of: detail.attempts, maxAttempts: detail.run.maxAttempts)
        for (attempt, tryText) in zip(detail.attempts, tries) {
            let outcome = GanttChart.style(for: attempt.outcome)
            let took = Format.duration((attempt.endedAt ?? now).timeIntervalSince(attempt.startedAt))
            let error =
                attempt.error.map { StyledLine($0.type + ": " + $0.message, CellStyle(.ui(.error))) }
                ?? StyledLine("—", .dim)
            output.append(
                row([
                    StyledLine(String(attempt.number), .text),
                    StyledLine(tryText, .text),
                    StyledLine(attempt.outcome.rawValue, outcome),
                    StyledLine(attempt.workerId, .text),
                    StyledLine(Format.clock(attempt.startedAt, utcOffset: utcOffset), .text),
                    StyledLine(took, attempt.endedAt == nil ? CellStyle(.status(.running)) : .dim),
                    error,
                ]))
        }
        return output
    }
}

/// The logs section: time, level, attempt, step and message, coloured by level.
enum LogLines {
    static func lines(_ detail: RunDetail, width: Int, utcOffset: Int) -> [StyledLine] {
        guard !detail.logs.isEmpty else {
            return [StyledLine("No log lines yet. Lines written through ctx.log show here.", .dim)]
        }
        let stepWidth = min(
            width >= 140 ? 32 : 24, max(10, detail.logs.compactMap { $0.step.map(DisplayWidth.of) }.max() ?? 0))
        let showsStep = width >= 90
        return detail.logs.map { log in
            var line = StyledLine(Format.clockMillis(log.at, utcOffset: utcOffset) + " ", .dim)
            line.append(
                TextFit.pad(log.level.rawValue.uppercased(), to: 8),
                CellStyle(.log(log.level), emphasis: log.level >= .error ? .bold : []))
            line.append("#\(log.attempt) ", .dim)
            if showsStep { line.append(TextFit.pad(log.step ?? "—", to: stepWidth) + " ", CellStyle(.ui(.accent))) }
            line.append(log.message, log.level >= .warning ? CellStyle(.log(log.level)) : .text)
            return line
        }
    }
}
