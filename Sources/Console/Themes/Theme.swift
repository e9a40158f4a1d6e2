/// The colours and colour-mode attributes a theme gives one role.
public struct RoleStyle: Sendable, Hashable {
    /// The text colour; nil takes the theme's `ui.text` colour.
    public var foreground: ThemeColor?
    /// The background colour; nil takes the theme's `ui.background` colour.
    public var background: ThemeColor?
    /// Attributes used when colours are shown, such as a bold header.
    public var attributes: Emphasis

    /// Creates a role style.
    public init(foreground: ThemeColor? = nil, background: ThemeColor? = nil, attributes: Emphasis = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A cell style turned into concrete colours and attributes, ready for a terminal.
public struct ResolvedStyle: Sendable, Hashable {
    /// The text colour.
    public var foreground: ThemeColor
    /// The background colour.
    public var background: ThemeColor
    /// Attributes when colours are shown.
    public var attributes: Emphasis
    /// Attributes when colours are not shown (`NO_COLOR`, monochrome terminals).
    public var monoAttributes: Emphasis
}

/// A console colour scheme: a colour and a monochrome attribute for every ``ThemeRole``.
///
/// Themes are YAML files (see ``Theme/decode(yaml:name:base:)``); the dark default is built in so the
/// console works, and other themes fall back to it, without any file.
public struct Theme: Sendable, Hashable {
    /// The theme's name, as `--theme` and `:theme` take it.
    public var name: String
    /// A one-line description.
    public var summary: String
    /// Colours per named role.
    public var roles: [ThemeRole: RoleStyle]
    /// Monochrome attributes per named role.
    public var mono: [ThemeRole: Emphasis]
    /// The graph colours from low to high, stretched over ``ThemeRole/graphLevels``.
    public var gradient: [ThemeColor]

    /// Creates a theme from its parts.
    public init(
        name: String, summary: String = "", roles: [ThemeRole: RoleStyle] = [:], mono: [ThemeRole: Emphasis] = [:],
        gradient: [ThemeColor] = []
    ) {
        self.name = name
        self.summary = summary
        self.roles = roles
        self.mono = mono
        self.gradient = gradient
    }

    /// The colours of a role; graph levels pick their colour from the gradient.
    public func style(for role: ThemeRole) -> RoleStyle {
        if case .graph(let level) = role {
            guard !gradient.isEmpty else { return roles[.ui(.accent)] ?? RoleStyle() }
            let clamped = min(max(level, 0), ThemeRole.graphLevels - 1)
            let index = clamped * gradient.count / ThemeRole.graphLevels
            return RoleStyle(foreground: gradient[min(index, gradient.count - 1)])
        }
        return roles[role] ?? RoleStyle()
    }

    /// The monochrome attributes of a role.
    public func monoAttributes(for role: ThemeRole) -> Emphasis {
        if case .graph = role { return [] }
        return mono[role] ?? []
    }

    /// The concrete colours and attributes for a cell style.
    public func resolve(_ cellStyle: CellStyle) -> ResolvedStyle {
        let base = style(for: cellStyle.role)
        let screen = style(for: .ui(.background))
        let foreground = base.foreground ?? style(for: .ui(.text)).foreground ?? .terminalDefault
        var background = base.background
        var attributes = base.attributes.union(cellStyle.emphasis)
        var monoAttributes = monoAttributes(for: cellStyle.role).union(cellStyle.emphasis)
        if let fill = cellStyle.fill, fill != cellStyle.role {
            let fillStyle = style(for: fill)
            background = fillStyle.background
            attributes.formUnion(fillStyle.attributes)
            monoAttributes.formUnion(self.monoAttributes(for: fill))
        }
        return ResolvedStyle(
            foreground: foreground, background: background ?? screen.background ?? .terminalDefault,
            attributes: attributes, monoAttributes: monoAttributes)
    }
}
