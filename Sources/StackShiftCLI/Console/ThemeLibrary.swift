import Console
import Foundation

/// The themes the console can switch between: the built-in default plus every `*.yaml` in a directory.
struct ThemeLibrary: Sendable {
    /// Themes by name.
    private(set) var themes: [String: Theme] = ["default": .builtinDefault]
    /// Names in `t` order: the shipped five first, then others alphabetically.
    private(set) var names: [String] = ["default"]
    /// Files that had problems, as one line each, for a flash message.
    private(set) var problems: [String] = []

    static let preferredOrder = ["default", "light", "high-contrast", "colorblind", "monochrome"]

    /// Loads the themes of a directory (or `./themes` when nil). A missing directory leaves the default.
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
