import Console
import DurableJobs
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
    /// The options that name the database in commands the console suggests (`--db PATH`).
    public var databaseArguments: [String]
    /// Draw without colour even if the terminal has it; nil follows the `NO_COLOR` environment variable.
    public var noColor: Bool?
    /// The command that edits state values (`e`); nil uses `$VISUAL`, then `$EDITOR`, then `vi`.
    public var editor: String?
    /// The guided tour to show beside the console (`stackshift demo --tour`); nil shows none.
    public var tour: TourState?
    /// The SQLite file the store reads, watched so that a file deleted, replaced, truncated or overwritten while
    /// the console is open shows in the header; nil watches the store label when it is the path of a file (as
    /// `stackshift console --db PATH` gives it), else nothing.
    public var databaseFile: String?
    /// Opens the store again, for when its file was replaced by a whole database (a backup put back); nil
    /// leaves the console saying so and asking to be opened again.
    public var reopen: (@Sendable () async throws -> Operations)?

    /// Creates options.
    public init(
        readOnly: Bool = false, themeName: String? = nil, themesDirectory: String? = nil, storeLabel: String = "",
        databaseArguments: [String] = [], noColor: Bool? = nil, editor: String? = nil, tour: TourState? = nil,
        databaseFile: String? = nil,
        reopen: (@Sendable () async throws -> Operations)? = nil
    ) {
        self.tour = tour
        self.databaseFile = databaseFile
        self.reopen = reopen
        self.readOnly = readOnly
        self.themeName = themeName
        self.themesDirectory = themesDirectory
        self.storeLabel = storeLabel
        self.databaseArguments = databaseArguments
        self.noColor = noColor
        self.editor = editor
    }

    /// The file to watch: ``databaseFile``, else the store label when a regular file has that path.
    var watchedFile: String? {
        if let databaseFile { return databaseFile }
        let type = try? FileManager.default.attributesOfItem(atPath: storeLabel)[.type] as? FileAttributeType
        return type == .typeRegular ? storeLabel : nil
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
