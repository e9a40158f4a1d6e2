import Console
import Foundation
import Testing

/// Compares a rendered frame against committed snapshots in `__Snapshots__`: its text (`NAME.txt`) and, for
/// key screens, the style role of every cell (`NAME.styles.txt`). `SNAPSHOT_RECORD=1` rewrites them instead,
/// and records an issue for each file written, so a recording run is never green.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__")

    /// Whether this run rewrites snapshots instead of checking them.
    static var isRecording: Bool { ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" }

    /// The buffer as text with a frame, so the right edge and blank rows show when reviewing by eye.
    static func text(of buffer: CellBuffer) -> String {
        let rule = "+" + String(repeating: "-", count: buffer.width) + "+"
        let rows = buffer.lines.map { line in
            "|" + line + String(repeating: " ", count: max(0, buffer.width - DisplayWidth.of(line))) + "|"
        }
        return ([rule] + rows + [rule]).joined(separator: "\n") + "\n"
    }

    /// Checks the frame's text against `NAME.txt`.
    static func assertMatches(
        _ buffer: CellBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        compare(text(of: buffer), file: name + ".txt", sourceLocation: sourceLocation)
    }

    /// Checks the frame's text against `NAME.txt` and its style roles against `NAME.styles.txt`, so a view
    /// that draws the right words in the wrong role (a failed status in the text colour, a selection bar that
    /// lost its fill) fails as surely as one that draws the wrong words.
    static func assertMatchesWithStyles(
        _ buffer: CellBuffer, named name: String, theme: Theme = .builtinDefault,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        assertMatches(buffer, named: name, sourceLocation: sourceLocation)
        compare(
            StyleMap.text(of: buffer, theme: theme, textFile: name + ".txt"), file: name + ".styles.txt",
            sourceLocation: sourceLocation)
    }

    /// Checks only the frame's style roles in a theme, against `NAME.styles.txt`, for a frame whose text is
    /// checked once in `textFile` (the same text in every theme).
    static func assertStylesMatch(
        _ buffer: CellBuffer, named name: String, theme: Theme, textFile: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        compare(
            StyleMap.text(of: buffer, theme: theme, textFile: textFile), file: name + ".styles.txt",
            sourceLocation: sourceLocation)
    }

    private static func compare(_ actual: String, file: String, sourceLocation: SourceLocation) {
        let url = directory.appendingPathComponent(file)
        if isRecording {
            // A recorded snapshot proves nothing until someone has read it: the run that wrote it fails.
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                Issue.record(
                    "recorded snapshot \(file) (SNAPSHOT_RECORD=1): review it by eye, then run again without it",
                    sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not record \(file): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot \(file); record it with SNAPSHOT_RECORD=1", sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let context = [
            "snapshot \(file) differs at line \(firstDifference + 1) (SNAPSHOT_RECORD=1 rewrites it):",
            "expected: \(firstDifference < expectedLines.count ? String(expectedLines[firstDifference]) : "<end>")",
            "actual:   \(firstDifference < actualLines.count ? String(actualLines[firstDifference]) : "<end>")",
            "", actual,
        ]
        Issue.record(Comment(rawValue: context.joined(separator: "\n")), sourceLocation: sourceLocation)
    }
}

/// A frame's style roles as text: one character per cell, with a legend on top naming each character's
/// role, fill and emphasis and what the theme makes of them.
///
/// Codes are given in order of first appearance (reading row by row), except plain text on the screen
/// background, which is always `.` so the grid reads as the screen's shape with its styled parts marked.
enum StyleMap {
    /// The characters given to styles after `.`: letters and digits first, so the grid stays legible.
    static let codes = Array(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#%&*+=@$^~<>!;:,_-/()[]{}")

    static func text(of buffer: CellBuffer, theme: Theme, textFile: String) -> String {
        var legend: [CellStyle: Character] = [.text: "."]
        var order: [CellStyle] = [.text]
        var rows: [String] = []
        for y in 0..<buffer.height {
            var row = ""
            for x in 0..<buffer.width {
                let style = buffer[x, y].style
                if legend[style] == nil {
                    // More styles than codes would make two styles look alike: say so rather than reuse one.
                    let index = order.count - 1
                    legend[style] = index < codes.count ? codes[index] : "?"
                    order.append(style)
                }
                row.append(legend[style] ?? "?")
            }
            rows.append("|" + row + "|")
        }
        let rule = "+" + String(repeating: "-", count: buffer.width) + "+"
        let header = [
            "Style roles of \(textFile), one character per cell; theme \(theme.name) (colours; monochrome attributes)"
        ]
        let entries = order.map { style in
            "\(legend[style] ?? "?")  \(describe(style))  →  \(describe(theme.resolve(style)))"
        }
        return (header + entries + [rule] + rows + [rule]).joined(separator: "\n") + "\n"
    }

    /// `status.failed on ui.selection +bold`.
    static func describe(_ style: CellStyle) -> String {
        var text = name(style.role)
        if let fill = style.fill { text += " on " + name(fill) }
        let emphasis = describe(style.emphasis)
        if !emphasis.isEmpty { text += " +" + emphasis }
        return text
    }

    /// `fg 196 bg default bold; mono bold`.
    static func describe(_ resolved: ResolvedStyle) -> String {
        var text = "fg \(resolved.foreground) bg \(resolved.background)"
        let attributes = describe(resolved.attributes)
        if !attributes.isEmpty { text += " " + attributes }
        let mono = describe(resolved.monoAttributes)
        return text + "; mono " + (mono.isEmpty ? "plain" : mono)
    }

    static func name(_ role: ThemeRole) -> String {
        let path = role.path
        return path.group + "." + path.key
    }

    static func describe(_ emphasis: Emphasis) -> String {
        let names: [(Emphasis, String)] = [
            (.bold, "bold"), (.dim, "dim"), (.underline, "underline"), (.reverse, "reverse"),
        ]
        return names.filter { emphasis.contains($0.0) }.map(\.1).joined(separator: "+")
    }
}
