import Console
import Foundation

/// The themes the console can switch between: the five built-in themes, plus every `*.yaml` in a directory
/// (a file replaces the built-in theme of its name, so the files in `themes/` stay the editable copies).
struct ThemeLibrary: Sendable {
    /// Themes by name.
    private(set) var themes: [String: Theme] = Dictionary(
        Theme.builtins.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    /// Names in `t` order: the shipped five first, then others alphabetically.
    private(set) var names: [String] = ["default"]
    /// Files that had problems, as one line each, for a flash message.
    private(set) var problems: [String] = []

    static let preferredOrder = Theme.builtinYAML.map(\.name)

    /// Loads the themes of a directory (or `./themes` when nil). A missing directory leaves the built-in ones.
    init(directory: String?) {
        let path = directory ?? FileManager.default.currentDirectoryPath + "/themes"
        let url = URL(fileURLWithPath: path, isDirectory: true)
        let files = ((try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? [])
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        for file in files {
            guard let yaml = try? String(contentsOf: file, encoding: .utf8) else {
                problems.append("\(file.lastPathComponent): unreadable")
                continue
            }
            let decoding = Theme.decode(yaml: yaml, name: ThemeCheck.themeName(forFile: file.lastPathComponent))
            if !decoding.problems.isEmpty {
                problems.append("\(file.lastPathComponent): \(decoding.problems.count) problem(s)")
            }
            themes[decoding.theme.name] = decoding.theme
        }
        names =
            Self.preferredOrder.filter { themes[$0] != nil }
            + themes.keys.filter { !Self.preferredOrder.contains($0) }.sorted()
    }

    /// The theme with a name, or the default.
    func theme(named name: String) -> Theme {
        themes[name] ?? .builtinDefault
    }
}
