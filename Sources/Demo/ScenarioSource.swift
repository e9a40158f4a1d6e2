import Foundation
import JobStore

/// Where a demo's scenario comes from: a file, or one of the scenarios built into the binary.
public enum ScenarioSource: Sendable, Hashable, CustomStringConvertible {
    /// A scenario file, by its path.
    case file(String)
    /// A built-in scenario.
    case builtin(BuiltinScenario)

    /// What `--scenario VALUE` names: a path if it names an existing file, else a built-in name (`incident`,
    /// or `incident.yaml` as a tour names it), else an error listing the built-in names.
    ///
    /// A file comes first, so an edited copy in the current folder (`demo/incident.yaml`) is always the one
    /// used when its path is given; a bare name runs the built-in copy from any folder.
    ///
    /// - Parameter fileExists: Whether a regular file is at a path (the real file system by default).
    /// - Throws: ``DemoOptionError`` in one line naming the value and the built-in names.
    public static func resolve(
        _ value: String, fileExists: (String) -> Bool = ScenarioSource.isRegularFile
    ) throws -> ScenarioSource {
        if fileExists(value) { return .file(value) }
        // A value with a folder in it is a path, even when its last part is a built-in's file name.
        if !value.contains("/"), let builtin = BuiltinScenario.named(value) { return .builtin(builtin) }
        let shown = TerminalText.escaped(value)
        let looksLikePath = value.contains("/") || value.hasSuffix(".yaml") || value.hasSuffix(".yml")
        throw DemoOptionError(
            (looksLikePath ? "no scenario file \(shown)" : "no scenario named \(shown)")
                + ": the built-in scenarios are \(BuiltinScenario.names); or give the path of a scenario file")
    }

    /// Whether a regular file (not a folder) is at `path`.
    public static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Loads and validates the scenario.
    ///
    /// - Throws: ``YAMLFileError`` naming the file, line and field of the first problem.
    public func load() throws -> Scenario {
        switch self {
        case .file(let path): try Scenario.load(path: path)
        case .builtin(let builtin): try builtin.load()
        }
    }

    /// `incident (built in)`, or the file's path.
    public var description: String {
        switch self {
        case .file(let path): path
        case .builtin(let builtin): "\(builtin.name) (built in)"
        }
    }
}
