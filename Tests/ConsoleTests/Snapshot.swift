import Console
import Foundation
import Testing

/// Compares text against a committed snapshot in `__Snapshots__`; `SNAPSHOT_RECORD=1` rewrites it instead.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__")

    /// The buffer as text with a frame, so the right edge and blank rows show when reviewing by eye.
    static func text(of buffer: CellBuffer) -> String {
        let rule = "+" + String(repeating: "-", count: buffer.width) + "+"
        let rows = buffer.lines.map { line in
            "|" + line + String(repeating: " ", count: max(0, buffer.width - DisplayWidth.of(line))) + "|"
        }
        return ([rule] + rows + [rule]).joined(separator: "\n") + "\n"
    }

    static func assertMatches(
        _ buffer: CellBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let actual = text(of: buffer)
        let url = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("could not record \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot \(name).txt; record it with SNAPSHOT_RECORD=1", sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let context = [
            "snapshot \(name) differs at line \(firstDifference + 1) (SNAPSHOT_RECORD=1 rewrites it):",
            "expected: \(firstDifference < expectedLines.count ? String(expectedLines[firstDifference]) : "<end>")",
            "actual:   \(firstDifference < actualLines.count ? String(actualLines[firstDifference]) : "<end>")",
            "", actual,
        ]
        Issue.record(Comment(rawValue: context.joined(separator: "\n")), sourceLocation: sourceLocation)
    }
}
