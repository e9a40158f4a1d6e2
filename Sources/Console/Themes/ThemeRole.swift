import JobStore

/// A role of the console's chrome, such as the header bar or the selected row.
public enum UIRole: String, Sendable, CaseIterable, Hashable {
    /// The screen background.
    case background
    /// Ordinary text.
    case text
    /// Secondary text: labels, units, placeholders.
    case dim
    /// Frames and separators.
    case border
    /// The top bar.
    case header
    /// The current location in the top bar.
    case breadcrumb
    /// Column titles of a table.
    case columnHeader
    /// The row under the cursor.
    case selection
    /// The bottom bar listing keys.
    case hint
    /// A key name inside the hint bar or help.
    case hintKey
    /// A transient message confirming an action.
    case flash
    /// The FROZEN banner and other loud notices.
    case banner
    /// Errors and failed outcomes.
    case error
    /// Things that need attention but are not errors.
    case warning
    /// Good outcomes.
    case success
    /// Emphasised values: counts, names, the focused item.
    case accent
    /// The body of dialogs and overlays.
    case dialog
    /// A dialog button without focus.
    case button
    /// The dialog button that Enter presses.
    case buttonFocused
    /// The filter and command line being typed.
    case input
    /// Text matching the search in a run view section.
    case match
}

/// A role of a JSON token in payload, result and error views.
public enum JSONRole: String, Sendable, CaseIterable, Hashable {
    /// An object key.
    case key
    /// A string value.
    case string
    /// A number.
    case number
    /// `true` or `false`.
    case bool
    /// `null`.
    case null
    /// Braces, brackets, commas, colons and fold markers.
    case punctuation
}

/// What a cell means, which a theme turns into colours and attributes. Views never name colours.
public enum ThemeRole: Sendable, Hashable {
    /// Console chrome.
    case ui(UIRole)
    /// A run status.
    case status(RunStatus)
    /// A log level.
    case log(LogLevel)
    /// A JSON token.
    case json(JSONRole)
    /// A level of the graph gradient, from 0 (lowest) to ``ThemeRole/graphLevels`` − 1 (highest).
    case graph(Int)

    /// How many graph levels views use; a theme's gradient is stretched over them.
    public static let graphLevels = 8

    /// Every role a complete theme defines, graph levels excepted (the gradient is one list).
    public static var allNamed: [ThemeRole] {
        UIRole.allCases.map(ThemeRole.ui) + RunStatus.allCases.map(ThemeRole.status)
            + LogLevel.allCases.map(ThemeRole.log) + JSONRole.allCases.map(ThemeRole.json)
    }

    /// The role's YAML group and key, such as `("status", "failed")`.
    public var path: (group: String, key: String) {
        switch self {
        case .ui(let role): ("ui", role.rawValue)
        case .status(let status): ("status", status.rawValue)
        case .log(let level): ("log", level.rawValue)
        case .json(let role): ("json", role.rawValue)
        case .graph(let level): ("graph", String(level))
        }
    }

    /// The role named by a YAML group and key, or nil when there is no such role.
    public init?(group: String, key: String) {
        switch group {
        case "ui":
            guard let role = UIRole(rawValue: key) else { return nil }
            self = .ui(role)
        case "status":
            guard let status = RunStatus(rawValue: key) else { return nil }
            self = .status(status)
        case "log":
            guard let level = LogLevel(rawValue: key) else { return nil }
            self = .log(level)
        case "json":
            guard let role = JSONRole(rawValue: key) else { return nil }
            self = .json(role)
        default: return nil
        }
    }
}
