import Console
import Foundation
import JobStore
import Testing

@Suite("Themes")
struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes").resolvingSymlinksInPath()

    static var shippedFiles: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: themesDirectory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("the five required themes ship")
    func requiredThemesShip() {
        let names = Set(Self.shippedFiles.map { $0.deletingPathExtension().lastPathComponent })
        #expect(names.isSuperset(of: ["default", "light", "high-contrast", "colorblind", "monochrome"]))
    }

    @Test("every shipped theme defines every role, cleanly", arguments: shippedFiles)
    func shippedThemeIsComplete(file: URL) throws {
        let yaml = try String(contentsOf: file, encoding: .utf8)
        let report = ThemeCheck.check(file: file.lastPathComponent, yaml: yaml)
        #expect(report.problems.isEmpty, "\(report.problems)")
        // Decoded without a fallback, a missing role would stay empty and be reported.
        let bare = Theme.decode(yaml: yaml, name: report.themeName, base: nil)
        #expect(bare.problems.isEmpty)
        for role in ThemeRole.allNamed {
            #expect(bare.theme.roles[role] != nil, "\(file.lastPathComponent) lacks \(role.path)")
            #expect(bare.theme.mono[role] != nil, "\(file.lastPathComponent) lacks mono \(role.path)")
        }
        #expect(!bare.theme.gradient.isEmpty)
    }

    @Test("the built-in default is themes/default.yaml")
    func builtinMatchesFile() throws {
        let yaml = try String(contentsOf: Self.themesDirectory.appendingPathComponent("default.yaml"), encoding: .utf8)
        #expect(Theme.decode(yaml: yaml, name: "default").theme == Theme.builtinDefault)
        #expect(Theme.builtinDefault.style(for: .status(.failed)).foreground == .rgb(0xEA, 0x6F, 0x7A))
    }

    @Test("each of the five built-in themes is its file in themes/, byte for byte, and decodes cleanly")
    func builtinsAreTheFiles() throws {
        #expect(Theme.builtinYAML.map(\.name) == ["default", "light", "high-contrast", "colorblind", "monochrome"])
        for (name, yaml) in Theme.builtinYAML {
            let file = Self.themesDirectory.appendingPathComponent("\(name).yaml")
            // Bytes, not decoded text: a changed line ending or a lost final newline is drift too.
            let bytes = try Data(contentsOf: file)
            #expect(
                Data(yaml.utf8) == bytes,
                "the built-in \(name) theme differs from themes/\(name).yaml: copy the file into Theme+Builtin*.swift")
            let decoding = Theme.decode(yaml: yaml, name: name, base: nil)
            #expect(decoding.problems.isEmpty, "\(name): \(decoding.problems)")
        }
        #expect(Theme.builtins.map(\.name) == Theme.builtinYAML.map(\.name))
        #expect(Theme.builtins.first == Theme.builtinDefault)
    }

    @Test("an unknown key warns and is ignored; a missing role falls back to the default")
    func unknownKeyAndFallback() {
        let yaml = """
            name: partial
            palette:
              hot: "#ff0000"
            roles:
              status:
                failed: hot
                exploded: hot
            sparkles: true
            """
        let decoding = Theme.decode(yaml: yaml, name: "partial")
        let paths = decoding.problems.filter { $0.severity == .warning }.map(\.path)
        #expect(paths.contains("roles.status.exploded"))
        #expect(paths.contains("sparkles"))
        #expect(paths.contains("roles.ui.header"), "missing roles are reported as falling back")
        #expect(decoding.theme.style(for: .status(.failed)).foreground == .rgb(255, 0, 0))
        #expect(decoding.theme.style(for: .ui(.header)) == Theme.builtinDefault.style(for: .ui(.header)))
        #expect(decoding.theme.monoAttributes(for: .ui(.selection)) == [.reverse])
    }

    @Test("bad colours and bad YAML are errors, never crashes")
    func badInput() {
        let badColour = Theme.decode(yaml: "roles:\n  ui:\n    text: not-a-colour\n", name: "x")
        #expect(badColour.problems.contains { $0.severity == .error && $0.path == "roles.ui.text" })
        #expect(badColour.theme.style(for: .ui(.text)) == Theme.builtinDefault.style(for: .ui(.text)))
        let broken = ThemeCheck.check(file: "broken.yaml", yaml: "roles: [unclosed")
        #expect(!broken.isValid)
        let duplicate = ThemeCheck.check(files: [("a.yaml", "name: same\n"), ("b.yaml", "name: same\n")])
        #expect(duplicate[1].problems.contains { $0.severity == .error && $0.message.contains("a.yaml") })
    }

    @Test("colours parse and degrade to 256 and 8 colours")
    func colourParsing() {
        #expect(ThemeColor(parsing: "#ff8000") == .rgb(255, 128, 0))
        #expect(ThemeColor(parsing: "#f80") == .rgb(255, 136, 0))
        #expect(ThemeColor(parsing: "208") == .indexed(208))
        #expect(ThemeColor(parsing: "bright-blue") == .indexed(12))
        #expect(ThemeColor(parsing: "nonsense") == nil)
        #expect(ThemeColor.rgb(255, 0, 0).nearest256 == .indexed(196))
        #expect(ThemeColor.rgb(0x80, 0x80, 0x80).nearest256 == .indexed(244))
        #expect(ThemeColor.rgb(0xEA, 0x6F, 0x7A).nearestBasic() == .indexed(1))
        #expect(ThemeColor.rgb(0x16, 0x18, 0x1D).nearestBasic() == .indexed(0))
    }

    @Test("a cell style resolves foreground from its role and background from its fill")
    func resolution() {
        let theme = Theme.builtinDefault
        let selected = theme.resolve(CellStyle(.status(.failed), fill: .ui(.selection)))
        #expect(selected.foreground == theme.style(for: .status(.failed)).foreground)
        #expect(selected.background == theme.style(for: .ui(.selection)).background)
        #expect(selected.monoAttributes.contains(.reverse))
        let plain = theme.resolve(.text)
        #expect(plain.background == theme.style(for: .ui(.background)).background)
    }
}
