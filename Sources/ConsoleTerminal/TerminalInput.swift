import Console

/// What the terminal reports: a key or a new size.
public enum TerminalInput: Sendable, Hashable {
    /// A key, a typed character or a mouse wheel step.
    case key(Key)
    /// The terminal changed size.
    case resized(width: Int, height: Int)

    /// The console action for this input.
    public var action: ConsoleAction {
        switch self {
        case .key(let key): .key(key)
        case .resized(let width, let height): .resized(width: width, height: height)
        }
    }
}

/// How the terminal shows colour.
public enum ColorMode: Sendable, Hashable {
    /// No colour: the theme's monochrome attributes (`NO_COLOR`, or a terminal without colour).
    case monochrome
    /// The 8 basic colours.
    case basic8
    /// 16 colours (basic and bright).
    case basic16
    /// The 256-colour palette.
    case palette256
    /// 24-bit colour (a `-direct` terminal description).
    case direct

    /// The mode for a terminal's colour count, unless colour is switched off.
    public static func detect(colors: Int, hasColors: Bool, noColor: Bool) -> ColorMode {
        if noColor || !hasColors || colors < 8 { return .monochrome }
        if colors >= 0x1000000 { return .direct }
        if colors >= 256 { return .palette256 }
        if colors >= 16 { return .basic16 }
        return .basic8
    }

    /// The ncurses colour number for a theme colour in this mode; -1 is the terminal's default.
    public func colorNumber(_ color: ThemeColor) -> Int32 {
        switch (self, color) {
        case (_, .terminalDefault), (.monochrome, _):
            return -1
        case (.direct, .indexed(let index)) where index < 8:
            return Int32(index)
        case (.direct, _):
            guard let (red, green, blue) = color.components else { return -1 }
            return Int32(red << 16 | green << 8 | blue)
        case (.palette256, _):
            if case .indexed(let index) = color.nearest256 { return Int32(index) }
            return -1
        case (.basic16, _):
            if case .indexed(let index) = color.nearestBasic(bright: true) { return Int32(index) }
            return -1
        case (.basic8, _):
            if case .indexed(let index) = color.nearestBasic(bright: false) { return Int32(index) }
            return -1
        }
    }
}

/// Errors starting the terminal.
public enum TerminalError: Error, Sendable, CustomStringConvertible {
    /// Standard input or output is not a terminal.
    case notATerminal
    /// ncurses could not set up the terminal (unknown `TERM`, for instance).
    case cannotInitialize(String)

    /// What went wrong and what to try.
    public var description: String {
        switch self {
        case .notATerminal:
            "the console needs a terminal: standard input and output must be a TTY"
        case .cannotInitialize(let term):
            "could not start the terminal (TERM=\(term)); try TERM=xterm-256color"
        }
    }
}
