import Foundation

/// What makes two failures "the same failure": the job, the step that threw, the error's type, and its
/// message with the parts that differ between occurrences replaced by placeholders, so a provider outage
/// failing 300 runs is one group, not 300.
///
/// The signature is worked out once, when an attempt fails, and stored with the attempt: grouping is then an
/// indexed `GROUP BY`, not a scan that normalises every message.
public enum FailureSignature {
    /// The most characters of a message kept in a signature: enough to tell failures apart, and bounded.
    public static let maximumMessageLength = 240

    /// The signature of an attempt of `job` that failed with `error`: `job · step · Type: message`, the
    /// message normalised (see ``normalise(_:)``); the step is the error's location, `—` when it has none.
    public static func of(job: String, error: ErrorDetail) -> String {
        "\(job) · \(error.location ?? "—") · \(error.type): \(normalise(error.message))"
    }

    /// The message with quoted values, UUIDs, timestamps, hex strings, ids (`cus_3dh3xjjz`, `cus_yzjettpj`,
    /// `run_01…`) and numbers replaced by `"…"`, `<uuid>`, `<time>`, `<hex>`, `<id>` and `<n>`, whitespace
    /// collapsed, cut to ``maximumMessageLength`` characters.
    public static func normalise(_ message: String) -> String {
        var text = Pattern.quoted.replacing(in: message) { $0.first == "\"" ? "\"…\"" : "'…'" }
        for (pattern, placeholder) in Pattern.placeholders {
            text = pattern.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: placeholder)
        }
        text = text.trimmingCharacters(in: .whitespaces)
        return text.count > maximumMessageLength ? String(text.prefix(maximumMessageLength)) + "…" : text
    }

    /// The patterns, compiled once: a signature is worked out inside the write transaction of every failed
    /// attempt, so compiling them per message (as a regex literal in the function would) holds the writer.
    enum Pattern {
        static let quoted = compile(#""[^"]*"|'[^']*'"#)
        /// Each pattern and what replaces it, in the order they apply: a UUID before its hex, an id before its
        /// number.
        static let placeholders: [(NSRegularExpression, String)] = [
            (compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"), "<uuid>"),
            (
                compile(
                    "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
                ),
                "<time>"
            ),
            (compile("\\b0x[0-9A-Fa-f]+\\b"), "<hex>"),
            // Words made of letters and digits with at least one digit, joined by `_`: identifiers of records.
            (compile("\\b[A-Za-z]+_[A-Za-z0-9_]*[0-9][A-Za-z0-9_]*\\b"), "<id>"),
            // A short prefix and a random token that happens to have no digit (about one 8-character base-32
            // token in twenty): `cus_yzjettpj`. A snake_case word with a long second part (`user_settings`) is
            // taken for one too: splitting one cause into a group per id is the worse mistake.
            (compile("\\b[A-Za-z]{2,6}_[A-Za-z0-9]{8,}\\b"), "<id>"),
            (compile("\\b(?=[0-9A-Fa-f]*[0-9])(?=[0-9A-Fa-f]*[A-Fa-f])[0-9A-Fa-f]{8,}\\b"), "<hex>"),
            (compile("[0-9]+(\\.[0-9]+)?"), "<n>"),
            (compile("\\s+"), " "),
        ]

        /// A pattern written in this file; a typo in one is a programming error, caught by the tests.
        private static func compile(_ pattern: String) -> NSRegularExpression {
            do {
                return try NSRegularExpression(pattern: pattern)
            } catch {
                preconditionFailure("FailureSignature pattern \(pattern) does not compile: \(error)")
            }
        }
    }
}

extension NSRegularExpression {
    /// `text` with each match replaced by what `replacement` makes of it.
    func replacing(in text: String, _ replacement: (Substring) -> String) -> String {
        var result = ""
        var last = text.startIndex
        for match in matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text) else { continue }
            result += text[last..<range.lowerBound]
            result += replacement(text[range])
            last = range.upperBound
        }
        return result + text[last...]
    }
}
