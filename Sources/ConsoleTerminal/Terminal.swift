import CNCurses
import Console
import Foundation

/// The ncursesw backend: owns the screen, draws frames as diffs, and decodes keys, mouse and resizes.
///
/// Not thread-safe by design: ncurses has global state, so exactly one owner creates, uses and closes a
/// `Terminal`, on one thread. It holds no console logic.
public final class Terminal {
    /// The screen's window; keys are read from it too, so keypad mode applies.
    let window: UnsafeMutablePointer<WINDOW>
    private let screen: OpaquePointer
    private var lastFrame: CellBuffer?
    private var theme: Theme
    private var colorMode: ColorMode
    private var styleCache: [CellStyle: (attributes: attr_t, pair: Int32)] = [:]
    private var isClosed = false
    private var isSuspended = false

    /// Starts the terminal: locale, screen, raw keys, mouse wheel and colours.
    ///
    /// - Parameters:
    ///   - theme: The theme to draw with.
    ///   - noColor: Draw without colour (the theme's monochrome attributes), as `NO_COLOR` asks.
    public init(theme: Theme, noColor: Bool) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw TerminalError.notATerminal }
        // Wide characters and line drawing need the user's UTF-8 locale before ncurses starts.
        setlocale(LC_ALL, "")
        guard let output = fdopen(1, "w"), let input = fdopen(0, "r"),
            let screen = newterm(nil, output, input), let window = ss_stdscr()
        else {
            throw TerminalError.cannotInitialize(ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        self.screen = screen
        self.window = window
        self.theme = theme
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        leaveok(window, true)
        mousemask(Self.mouseEvents, nil)
        mouseinterval(0)
        var hasColors = false
        if has_colors() {
            start_color()
            use_default_colors()
            hasColors = true
        }
        colorMode = ColorMode.detect(colors: Int(ss_COLORS()), hasColors: hasColors, noColor: noColor)
    }

    deinit {
        close()
    }

    /// The colour mode in use.
    public var mode: ColorMode { colorMode }

    /// The screen size in columns and rows.
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Forgets the last frame so the next one is drawn in full (after a resize the screen is stale).
    func markResized() {
        lastFrame = nil
    }

    /// Switches theme; the next frame is drawn in full.
    public func setTheme(_ theme: Theme) {
        self.theme = theme
        styleCache = [:]
        lastFrame = nil
    }

    /// Draws a frame: only cells that differ from the last frame reach the terminal, and nothing at all
    /// when nothing changed. Returns the number of cells written.
    @discardableResult
    public func draw(_ frame: CellBuffer) -> Int {
        guard !isClosed, !isSuspended else { return 0 }
        let diff = BufferDiff(from: lastFrame, to: frame)
        guard !diff.isEmpty else { return 0 }
        if diff.isFullRedraw {
            wbkgdset(window, attributes(for: .text).attributes)
            werase(window)
            clearok(window, true)
        }
        var written = 0
        for span in diff.spans {
            var x = span.x
            for cell in span.cells {
                defer { x += 1 }
                if cell.isContinuation { continue }
                put(cell, x: Int32(x), y: Int32(span.y))
                written += 1
            }
        }
        wnoutrefresh(window)
        doupdate()
        lastFrame = frame
        return written
    }

    private func put(_ cell: Cell, x: Int32, y: Int32) {
        let style = attributes(for: cell.style)
        var characters: [wchar_t] = cell.grapheme.unicodeScalars.prefix(Int(CCHARW_MAX) - 1).map {
            wchar_t(bitPattern: $0.value)
        }
        characters.append(0)
        var pair = style.pair
        var character = cchar_t()
        setcchar(&character, characters, style.attributes, 0, &pair)
        // The bottom-right cell reports ERR because the cursor cannot advance past it; it is drawn anyway.
        _ = mvwadd_wch(window, y, x, &character)
    }

    private func attributes(for style: CellStyle) -> (attributes: attr_t, pair: Int32) {
        if let cached = styleCache[style] { return cached }
        let resolved = theme.resolve(style)
        let result: (attr_t, Int32)
        if colorMode == .monochrome {
            result = (Self.attributes(resolved.monoAttributes), 0)
        } else {
            let colors = colorMode.colorPair(foreground: resolved.foreground, background: resolved.background)
            let pair = alloc_pair(colors.foreground, colors.background)
            result = (Self.attributes(resolved.attributes), max(0, pair))
        }
        styleCache[style] = result
        return result
    }

    static func attributes(_ emphasis: Emphasis) -> attr_t {
        var value = ss_A_NORMAL
        if emphasis.contains(.bold) { value |= ss_A_BOLD }
        if emphasis.contains(.dim) { value |= ss_A_DIM }
        if emphasis.contains(.reverse) { value |= ss_A_REVERSE }
        if emphasis.contains(.underline) { value |= ss_A_UNDERLINE }
        return value
    }

    /// Gives the screen back to the shell (for `$EDITOR`): the terminal leaves curses mode with its normal
    /// screen, cursor and line discipline restored. ``resume()`` takes it again.
    public func suspend() {
        guard !isClosed, !isSuspended else { return }
        def_prog_mode()
        endwin()
        isSuspended = true
    }

    /// Takes the screen back after ``suspend()``: curses modes, hidden cursor, keypad and mouse wheel are
    /// restored, and the next frame is drawn in full (whatever the child left on the screen is wiped).
    public func resume() {
        guard !isClosed, isSuspended else { return }
        reset_prog_mode()
        keypad(window, true)
        curs_set(0)
        mousemask(Self.mouseEvents, nil)
        isSuspended = false
        lastFrame = nil
    }

    /// Runs `body` (a child process that needs the terminal, such as `$EDITOR`) with curses suspended, then
    /// restores curses and redraws `frame` in full.
    public func whileSuspended<T>(redrawing frame: CellBuffer?, _ body: () throws -> T) rethrows -> T {
        suspend()
        defer {
            resume()
            if let frame { draw(frame) }
        }
        return try body()
    }

    /// Puts text on the clipboard of the terminal (and of tmux with `set-clipboard on`) with OSC 52.
    public func copyToClipboard(_ text: String) {
        let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        FileHandle.standardOutput.write(Data(sequence.utf8))
    }

    /// Restores the terminal. Safe to call more than once; also called on deinit.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        mousemask(0, nil)
        curs_set(1)
        endwin()
        delscreen(screen)
    }
}
