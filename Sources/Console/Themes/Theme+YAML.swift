import Yams

extension Theme {
    /// Decodes a theme from YAML text. Never throws: problems are collected, and roles that are missing
    /// or unusable fall back to `base` (the built-in default unless told otherwise).
    ///
    /// The format:
    /// ```yaml
    /// name: default
    /// description: Dark background, soft colours
    /// palette:            # named colours: "#rrggbb", 0–255, or a basic name (red, bright-blue, grey)
    ///   ink: "#1d2021"
    /// roles:              # a colour name, or {fg, bg, attrs}
    ///   ui: { background: { bg: ink }, header: { fg: paper, bg: slate, attrs: bold }, … }
    ///   status: { failed: red, … }
    ///   log: { error: red, … }
    ///   json: { key: blue, … }
    ///   graph: [low, …, high]
    /// mono:               # bold, dim, reverse, underline, normal (several: "bold reverse")
    ///   ui: { selection: reverse, … }
    /// ```
    public static func decode(yaml: String, name: String, base: Theme? = .builtinDefault) -> ThemeDecoding {
        var reader = ThemeYAMLReader(base: base, name: name)
        reader.read(yaml)
        return ThemeDecoding(theme: reader.theme, problems: reader.problems)
    }
}

/// Walks a theme's YAML tree, filling a theme and collecting problems.
struct ThemeYAMLReader {
    private(set) var theme: Theme
    private(set) var problems: [ThemeProblem] = []
    private let base: Theme?
    private var palette: [String: ThemeColor] = [:]

    init(base: Theme?, name: String) {
        self.base = base
        theme = Theme(name: name, summary: base?.summary ?? "", roles: [:], mono: [:], gradient: [])
    }

    mutating func read(_ yaml: String) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            problems.append(ThemeProblem(.error, path: "", "not valid YAML: \(Self.firstLine(of: error))"))
            fillMissing(report: false)
            return
        }
        guard let mapping = root?.mapping else {
            problems.append(ThemeProblem(.error, path: "", "expected a mapping with palette, roles and mono"))
            fillMissing(report: false)
            return
        }
        // The palette comes first so role colours can refer to it wherever it appears in the file.
        if let paletteNode = mapping["palette"] { readPalette(paletteNode) }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "name": theme.name = value.string ?? theme.name
            case "description": theme.summary = value.string ?? ""
            case "palette": break
            case "roles": readRoles(value)
            case "mono": readMono(value)
            default: problems.append(ThemeProblem(.warning, path: key, "unknown key (ignored)"))
            }
        }
        fillMissing(report: true)
    }

    private mutating func readPalette(_ node: Node) {
        guard let mapping = node.mapping else {
            problems.append(ThemeProblem(.error, path: "palette", "expected a mapping of colour names"))
            return
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if let color = value.string.flatMap(ThemeColor.init(parsing:)) {
                palette[key] = color
            } else {
                problems.append(
                    ThemeProblem(
                        .error, path: "palette.\(key)",
                        "'\(value.string ?? "?")' is not a colour (use #rrggbb, 0–255 or a basic name)"))
            }
        }
    }

    private mutating func readRoles(_ node: Node) {
        guard let groups = node.mapping else {
            problems.append(ThemeProblem(.error, path: "roles", "expected groups ui, status, log, json, graph"))
            return
        }
        for (groupNode, groupValue) in groups {
            let group = groupNode.string ?? ""
            if group == "graph" {
                readGradient(groupValue)
                continue
            }
            guard ["ui", "status", "log", "json"].contains(group) else {
                problems.append(ThemeProblem(.warning, path: "roles.\(group)", "unknown role group (ignored)"))
                continue
            }
            guard let entries = groupValue.mapping else {
                problems.append(ThemeProblem(.error, path: "roles.\(group)", "expected a mapping of roles"))
                continue
            }
            for (keyNode, value) in entries {
                let key = keyNode.string ?? ""
                let path = "roles.\(group).\(key)"
                guard let role = ThemeRole(group: group, key: key) else {
                    problems.append(ThemeProblem(.warning, path: path, "unknown role (ignored)"))
                    continue
                }
                if let style = readRoleStyle(value, path: path) { theme.roles[role] = style }
            }
        }
    }

    private mutating func readRoleStyle(_ node: Node, path: String) -> RoleStyle? {
        if let name = node.scalar?.string {
            guard let color = color(named: name, path: path) else { return nil }
            return RoleStyle(foreground: color)
        }
        guard let mapping = node.mapping else {
            problems.append(ThemeProblem(.error, path: path, "expected a colour or {fg, bg, attrs}"))
            return nil
        }
        var style = RoleStyle()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "fg": style.foreground = color(named: value.string ?? "", path: "\(path).fg")
            case "bg": style.background = color(named: value.string ?? "", path: "\(path).bg")
            case "attrs": style.attributes = attributes(value, path: "\(path).attrs") ?? []
            default: problems.append(ThemeProblem(.warning, path: "\(path).\(key)", "unknown key (use fg, bg, attrs)"))
            }
        }
        return style
    }

    private mutating func readGradient(_ node: Node) {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            problems.append(ThemeProblem(.error, path: "roles.graph", "expected a list of colours, low to high"))
            return
        }
        theme.gradient = sequence.enumerated().compactMap { index, item in
            color(named: item.string ?? "", path: "roles.graph[\(index)]")
        }
    }

    private mutating func readMono(_ node: Node) {
        guard let groups = node.mapping else {
            problems.append(ThemeProblem(.error, path: "mono", "expected groups ui, status, log, json"))
            return
        }
        for (groupNode, groupValue) in groups {
            let group = groupNode.string ?? ""
            guard let entries = groupValue.mapping else {
                problems.append(ThemeProblem(.warning, path: "mono.\(group)", "expected a mapping of roles (ignored)"))
                continue
            }
            for (keyNode, value) in entries {
                let key = keyNode.string ?? ""
                let path = "mono.\(group).\(key)"
                guard let role = ThemeRole(group: group, key: key) else {
                    problems.append(ThemeProblem(.warning, path: path, "unknown role (ignored)"))
                    continue
                }
                if let emphasis = attributes(value, path: path) { theme.mono[role] = emphasis }
            }
        }
    }

    private mutating func color(named name: String, path: String) -> ThemeColor? {
        if let color = palette[name] ?? ThemeColor(parsing: name) { return color }
        problems.append(
            ThemeProblem(
                .error, path: path, "'\(name)' is neither a palette name nor a colour (the default theme's is used)"))
        return nil
    }

    private mutating func attributes(_ node: Node, path: String) -> Emphasis? {
        let words: [String]
        if let sequence = node.sequence {
            words = sequence.compactMap(\.string)
        } else if let text = node.string {
            words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        } else {
            words = []
        }
        var emphasis: Emphasis = []
        for word in words {
            switch word.lowercased() {
            case "bold": emphasis.insert(.bold)
            case "dim": emphasis.insert(.dim)
            case "reverse": emphasis.insert(.reverse)
            case "underline": emphasis.insert(.underline)
            case "normal", "none": break
            default:
                problems.append(
                    ThemeProblem(
                        .error, path: path, "'\(word)' is not an attribute (use bold, dim, reverse, underline, normal)")
                )
                return nil
            }
        }
        return emphasis
    }

    /// Gives every role the file did not define its base style, reporting each as a fallback.
    private mutating func fillMissing(report: Bool) {
        var missing: [String] = []
        for role in ThemeRole.allNamed {
            if theme.roles[role] == nil {
                theme.roles[role] = base?.roles[role] ?? RoleStyle()
                missing.append("roles.\(role.path.group).\(role.path.key)")
            }
            if theme.mono[role] == nil {
                theme.mono[role] = base?.mono[role] ?? []
                missing.append("mono.\(role.path.group).\(role.path.key)")
            }
        }
        if theme.gradient.isEmpty {
            theme.gradient = base?.gradient ?? []
            missing.append("roles.graph")
        }
        guard report else { return }
        for path in missing {
            problems.append(ThemeProblem(.warning, path: path, "not defined (falls back to the default theme)"))
        }
    }

    private static func firstLine(of error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
    }
}
