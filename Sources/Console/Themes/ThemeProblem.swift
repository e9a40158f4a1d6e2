/// Something wrong or doubtful in a theme file. Decoding never fails: problems are collected and the
/// affected roles fall back to the default theme.
public struct ThemeProblem: Sendable, Hashable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable, Hashable {
        /// The theme still works; something is ignored or falls back.
        case warning
        /// Part of the file could not be used (bad YAML, unreadable colour).
        case error
    }

    /// How bad it is.
    public var severity: Severity
    /// Where in the file, as a dotted key path (`roles.status.failed`), or empty for the whole file.
    public var path: String
    /// What is wrong and what happens because of it.
    public var message: String

    /// Creates a problem.
    public init(_ severity: Severity, path: String, _ message: String) {
        self.severity = severity
        self.path = path
        self.message = message
    }

    /// `warning roles.ui.hedaer: unknown role (ignored)`.
    public var description: String {
        path.isEmpty ? "\(severity.rawValue): \(message)" : "\(severity.rawValue) \(path): \(message)"
    }
}

/// A decoded theme with the problems found on the way.
public struct ThemeDecoding: Sendable {
    /// The theme, complete: roles the file lacked or got wrong come from the base theme.
    public var theme: Theme
    /// Everything found wrong or doubtful, in file order.
    public var problems: [ThemeProblem]
}
