import Console
import Foundation

/// How `stackshift console` runs.
public struct ConsoleOptions: Sendable {
    /// Remove retry, cancel and every other action that changes data.
    public var readOnly: Bool
    /// The theme to start with; nil uses `default`.
    public var themeName: String?
    /// Where theme YAML files live; nil looks for `./themes` and falls back to the built-in default.
    public var themesDirectory: String?
    /// What the header shows as the store's location (a database path or URL without credentials).
    public var storeLabel: String
    /// Draw without colour even if the terminal has it; nil follows the `NO_COLOR` environment variable.
    public var noColor: Bool?
    /// The command that edits state values (`e`); nil uses `$VISUAL`, then `$EDITOR`, then `vi`.
    public var editor: String?
    /// The guided tour to show beside the console (`stackshift demo --tour`); nil shows none.
    public var tour: TourState?

    /// Creates options.
    public init(
        readOnly: Bool = false, themeName: String? = nil, themesDirectory: String? = nil, storeLabel: String = "",
        noColor: Bool? = nil, editor: String? = nil, tour: TourState? = nil
    ) {
        self.tour = tour
        self.readOnly = readOnly
        self.themeName = themeName
        self.themesDirectory = themesDirectory
        self.storeLabel = storeLabel
        self.noColor = noColor
        self.editor = editor
    }

    /// Whether `NO_COLOR` asks for no colour: set to anything but the empty string.
    static var environmentSaysNoColor: Bool {
        guard let value = ProcessInfo.processInfo.environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }
}

/// Why the console could not start.
public enum ConsoleError: Error, Sendable, CustomStringConvertible {
    /// `--theme` named a theme that does not exist.
    case unknownTheme(String, available: [String])
    /// The terminal could not be set up.
    case terminal(String)

    /// What went wrong, for the command line.
    public var description: String {
        switch self {
        case .unknownTheme(let name, let available):
            "no theme named '\(name)'; available: \(available.joined(separator: ", "))"
        case .terminal(let message):
            message
        }
    }
}
