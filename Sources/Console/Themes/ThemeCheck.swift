/// The result of checking one theme file.
public struct ThemeCheckReport: Sendable {
    /// The file checked, as the caller named it.
    public var file: String
    /// The theme's name (from the file, or the file's name without `.yaml`).
    public var themeName: String
    /// What was found, errors and warnings in file order.
    public var problems: [ThemeProblem]

    /// Whether the file has no errors (warnings allowed).
    public var isValid: Bool { !problems.contains { $0.severity == .error } }
    /// Whether the file has neither errors nor warnings.
    public var isClean: Bool { problems.isEmpty }
}

/// Validates theme files for `stackshift themes check`: YAML, colours, attributes, unknown keys,
/// roles that fall back to the default, and text that would be invisible on its background.
public enum ThemeCheck {
    /// Checks one file's text. Reading the file is the caller's job.
    public static func check(file: String, yaml: String) -> ThemeCheckReport {
        let stem = themeName(forFile: file)
        let decoding = Theme.decode(yaml: yaml, name: stem)
        var problems = decoding.problems
        if decoding.theme.name != stem {
            problems.append(
                ThemeProblem(
                    .warning, path: "name",
                    "'\(decoding.theme.name)' differs from the file name; --theme uses '\(decoding.theme.name)'"))
        }
        problems += invisibleRoles(in: decoding.theme)
        return ThemeCheckReport(file: file, themeName: decoding.theme.name, problems: problems)
    }

    /// Checks several files, and reports two files claiming the same theme name.
    public static func check(files: [(file: String, yaml: String)]) -> [ThemeCheckReport] {
        var reports = files.map { check(file: $0.file, yaml: $0.yaml) }
        var seen: [String: String] = [:]
        for index in reports.indices {
            let name = reports[index].themeName
            if let first = seen[name] {
                reports[index].problems.append(
                    ThemeProblem(
                        .error, path: "name", "theme '\(name)' is also defined by \(first)"))
            } else {
                seen[name] = reports[index].file
            }
        }
        return reports
    }

    /// The theme name a file provides when it does not say: its base name without `.yaml`/`.yml`.
    public static func themeName(forFile file: String) -> String {
        var name = file.split(separator: "/").last.map(String.init) ?? file
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        return name
    }

    /// Roles whose text colour equals their background, which would draw nothing visible.
    static func invisibleRoles(in theme: Theme) -> [ThemeProblem] {
        ThemeRole.allNamed.compactMap { role in
            let resolved = theme.resolve(CellStyle(role))
            guard resolved.foreground == resolved.background, resolved.foreground != .terminalDefault else {
                return nil
            }
            return ThemeProblem(
                .warning, path: "roles.\(role.path.group).\(role.path.key)",
                "text colour \(resolved.foreground) is the same as its background: it will be invisible")
        }
    }
}
