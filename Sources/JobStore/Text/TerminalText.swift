/// Text from stored data made safe to print on a terminal: every control character is shown as an escape
/// (`\u{1B}`), so a run name, key, error or log line that carries ESC, OSC, BEL or C1 sequences is shown, never
/// obeyed by the terminal.
///
/// Payloads, names and messages come from jobs and from whoever sends events: an attacker can plant an escape
/// sequence in any of them (retitle the window, rewrite the screen, write to the clipboard). Every front end
/// that prints them to a terminal passes them through here; JSON output is exact instead.
public enum TerminalText {
    /// What to keep as is.
    public enum LineBreaks: Sendable {
        /// Line feeds and tabs are escaped too: for one-line fields (table cells, names, one-line messages).
        case escaped
        /// Line feeds and tabs are kept: for multi-line text such as pretty JSON and whole reports.
        case kept
    }

    /// The text with control characters (C0, DEL, C1) written as `\u{…}` escapes.
    public static func escaped(_ text: String, lineBreaks: LineBreaks = .escaped) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0, lineBreaks: lineBreaks) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar, lineBreaks: lineBreaks) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether the text holds a character a terminal could obey (what ``escaped(_:lineBreaks:)`` replaces).
    public static func containsControlCharacters(_ text: String, lineBreaks: LineBreaks = .escaped) -> Bool {
        text.unicodeScalars.contains { isControl($0, lineBreaks: lineBreaks) }
    }

    /// C0 controls, DEL and the C1 range, which some terminals read as 8-bit CSI/OSC introducers.
    private static func isControl(_ scalar: Unicode.Scalar, lineBreaks: LineBreaks) -> Bool {
        let value = scalar.value
        if lineBreaks == .kept && (value == 0x0A || value == 0x09) { return false }
        return value < 0x20 || (0x7F...0x9F).contains(value)
    }
}
