/// Extra attributes a view asks for on top of what the theme gives a role.
public struct Emphasis: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public let rawValue: UInt8

    /// Creates an emphasis set from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bold or bright.
    public static let bold = Emphasis(rawValue: 1 << 0)
    /// Faint.
    public static let dim = Emphasis(rawValue: 1 << 1)
    /// Underlined.
    public static let underline = Emphasis(rawValue: 1 << 2)
    /// Foreground and background swapped.
    public static let reverse = Emphasis(rawValue: 1 << 3)
}

/// How a cell looks, in theme roles: the foreground comes from `role`, the background from `fill`.
public struct CellStyle: Sendable, Hashable {
    /// Gives the foreground colour (and its background when `fill` is nil).
    public var role: ThemeRole
    /// Gives the background colour, such as the selection bar under a coloured status.
    public var fill: ThemeRole?
    /// Attributes added on top of the theme's.
    public var emphasis: Emphasis

    /// Creates a style.
    public init(_ role: ThemeRole, fill: ThemeRole? = nil, emphasis: Emphasis = []) {
        self.role = role
        self.fill = fill
        self.emphasis = emphasis
    }

    /// Plain text on the screen background.
    public static let text = CellStyle(.ui(.text))
    /// Secondary text.
    public static let dim = CellStyle(.ui(.dim))

    /// The same style on another background role.
    public func filled(_ fill: ThemeRole?) -> CellStyle {
        var copy = self
        copy.fill = fill
        return copy
    }

    /// The same style with added emphasis.
    public func with(_ extra: Emphasis) -> CellStyle {
        var copy = self
        copy.emphasis.formUnion(extra)
        return copy
    }
}

/// One terminal cell: a grapheme and its style. A double-width grapheme occupies its cell and the next,
/// which is marked as its continuation and draws nothing by itself.
public struct Cell: Sendable, Hashable {
    /// The grapheme shown; a space for blank cells and continuations.
    public var grapheme: Character
    /// The style.
    public var style: CellStyle
    /// Whether this cell is the right half of the double-width grapheme to its left.
    public var isContinuation: Bool

    /// Creates a cell.
    public init(_ grapheme: Character = " ", style: CellStyle = .text, isContinuation: Bool = false) {
        self.grapheme = grapheme
        self.style = style
        self.isContinuation = isContinuation
    }

    /// A blank cell in a style.
    public static func blank(_ style: CellStyle = .text) -> Cell { Cell(" ", style: style) }

    /// How many columns the grapheme occupies (0 for a continuation).
    public var width: Int { isContinuation ? 0 : max(1, DisplayWidth.of(grapheme)) }
}
