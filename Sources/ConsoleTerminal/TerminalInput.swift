import Console

/// What the terminal reports: a key, a click or a new size.
public enum TerminalInput: Sendable, Hashable {
    /// A key, a typed character or a mouse wheel step.
    case key(Key)
    /// The left mouse button pressed on a cell (column `x`, row `y`, from 0).
    case clicked(x: Int, y: Int)
    /// The terminal changed size.
    case resized(width: Int, height: Int)

    /// The console action for this input.
    public var action: ConsoleAction {
        switch self {
        case .key(let key): .key(key)
        case .clicked(let x, let y): .clicked(x: x, y: y)
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

extension ColorMode {
    /// The ncurses colour numbers for a foreground on a background.
    ///
    /// When the mode has too few colours to keep apart two colours the theme made different (a muted grey
    /// and a near-black screen are both black in 8 colours), the text would vanish into its background: its
    /// foreground then becomes black or white, whichever stands out from the background. A colour asked for
    /// on both sides on purpose is left alone.
    public func colorPair(foreground: ThemeColor, background: ThemeColor) -> (foreground: Int32, background: Int32) {
        let pair = (foreground: colorNumber(foreground), background: colorNumber(background))
        guard pair.foreground >= 0, pair.foreground == pair.background, foreground != background else { return pair }
        let (black, white): (Int32, Int32) =
            switch self {
            case .direct: (0x000000, 0xFFFFFF)
            case .palette256: (16, 231)
            case .monochrome, .basic8, .basic16: (0, 7)
            }
        // Judged on the background the terminal will show (xterm's cyan for a dark teal in 8 colours), by
        // perceived brightness (ITU-R BT.601 weights).
        let number = pair.background
        let shown: ThemeColor =
            self == .direct && number >= 8
            ? .rgb(UInt8(number >> 16 & 0xFF), UInt8(number >> 8 & 0xFF), UInt8(number & 0xFF))
            : .indexed(UInt8(clamping: number))
        guard let (red, green, blue) = shown.components else { return (white, number) }
        let isLight = 299 * red + 587 * green + 114 * blue > 128 * 1000
        return (isLight ? black : white, number)
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
