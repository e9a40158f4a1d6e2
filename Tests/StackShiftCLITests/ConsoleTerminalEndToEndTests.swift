import Foundation
import Testing

/// The console's terminal layer in a real terminal: what reaches the screen without colour, with 8 and with
/// 256 colours, after a resize, and what the mouse does. tmux reports each cell's colours and attributes
/// (`capture-pane -e`), so these tests see what a person would.
@Suite("stackshift console's terminal: colour modes, resize and mouse", .temporaryFolders, .timeLimit(.minutes(5)))
struct ConsoleTerminalEndToEndTests {
    /// Starts the console on a prepared database in a terminal set up by `environment`, and opens the runs
    /// list (newest first: the scheduled run, the queued one, the failed one).
    static func openRuns(
        environment: [String: String], width: Int = 120, height: Int = 30, waitingFor shown: String = "card declined"
    ) async throws -> (TmuxSession, RunIDs) {
        let db = try await RunsCommandTests.preparedDatabase()
        let session = try await TmuxSession.start(
            [CLIProcess.productsDirectory().appendingPathComponent("stackshift").path, "console", "--db", db.path],
            width: width, height: height, environment: environment)
        do {
            try await session.waitFor("billing")
            try await session.send("3")
            try await session.waitFor(shown)
            return (session, RunIDs(failed: db.failed, queued: db.queued, scheduled: db.scheduled))
        } catch {
            session.kill()
            throw error
        }
    }

    /// The prepared database's runs.
    struct RunIDs {
        var failed: String
        var queued: String
        var scheduled: String
    }

    @Test("NO_COLOR=1: not one colour reaches the terminal; selection, header and statuses still stand out")
    func noColor() async throws {
        let (session, _) = try await Self.openRuns(environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        let screen = try await session.waitUntilStyled("the runs list with its selection bar") {
            $0.text.contains("card declined") && $0.rows.contains { $0.contains { $0.attributes.reverse } }
        }
        #expect(screen.colorSequences.isEmpty, "colour escape sequences: \(screen.colorSequences)")
        let header = try #require(screen.attributes(of: "StackShift"), "the header\n\(screen.text)")
        #expect(header.reverse, "the header is reversed (mono: reverse)")
        let failed = try #require(screen.attributes(of: "✘ failed"), "the failed run\n\(screen.text)")
        #expect(failed.bold && !failed.reverse, "a failed status is bold (mono: bold)")
        let selected = try #require(screen.attributes(of: "◷ scheduled"), "the newest run\n\(screen.text)")
        #expect(selected.reverse, "the selected row (the newest run) is reversed")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    @Test("TERM=xterm: only the 8 basic colours are used, and no text is drawn in its background's colour")
    func eightColors() async throws {
        let (session, _) = try await Self.openRuns(environment: ["TERM": "xterm"])
        defer { session.kill() }
        let screen = try await session.waitUntilStyled("the runs list in colour") {
            $0.text.contains("card declined") && !$0.colorsUsed.isEmpty
        }
        let beyondEight = screen.colorsUsed.filter { if case .palette(let index) = $0 { index >= 8 } else { true } }
        #expect(beyondEight.isEmpty, "colours an 8-colour terminal does not have: \(beyondEight)")
        #expect(screen.invisibleCharacters.isEmpty, "text in its background's colour: \(screen.invisibleCharacters)")
        // The default theme's red, in the 8 colours, is red.
        #expect(screen.attributes(of: "✘ failed")?.foreground == .palette(1), "\(screen.text)")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    @Test("TERM=xterm-256color: the 256-colour palette is used, and no text is drawn in its background's colour")
    func palette256() async throws {
        let (session, _) = try await Self.openRuns(environment: ["TERM": "xterm-256color"])
        defer { session.kill() }
        let screen = try await session.waitUntilStyled("the runs list in colour") {
            $0.text.contains("card declined") && !$0.colorsUsed.isEmpty
        }
        let extended = screen.colorsUsed.filter { if case .palette(let index) = $0 { index >= 16 } else { false } }
        #expect(!extended.isEmpty, "the theme's colours come from the 256-colour palette: \(screen.colorsUsed)")
        #expect(!screen.colorsUsed.contains { if case .rgb = $0 { true } else { false } }, "no 24-bit colour")
        #expect(screen.invisibleCharacters.isEmpty, "text in its background's colour: \(screen.invisibleCharacters)")
        let failed = try #require(screen.attributes(of: "✘ failed")?.foreground, "\(screen.text)")
        let job = try #require(screen.attributes(of: "charge")?.foreground, "\(screen.text)")
        #expect(failed != job, "a failed status has a colour of its own, not the text's")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    @Test("after a resize the screen is redrawn in full at the new size, colours and selection included")
    func resize() async throws {
        let (session, ids) = try await Self.openRuns(environment: [:], width: 80, height: 24, waitingFor: "✘ failed")
        defer { session.kill() }
        let before = try await session.waitUntilStyled("the selection bar at 80×24") {
            $0.attributes(of: "◷ scheduled")?.background != nil
        }
        let selection = try #require(before.attributes(of: "◷ scheduled")?.background)
        try await session.send("j")
        try await session.waitUntilStyled("the selection on the queued run") {
            $0.attributes(of: "○ queued")?.background == selection
        }

        try await session.resize(width: 132, height: 36)
        let wider = try await session.waitUntilStyled("the 132×36 screen, hint bar on its last row") { screen in
            screen.rows.count == 36 && screen.row(35).contains("? help")
        }
        #expect(
            132 - wider.row(0).count == 80 - before.row(0).count,
            "the header's clock moved to the new right edge\n\(wider.text)")
        #expect(wider.attributes(of: "○ queued")?.background == selection, "the selection survives the redraw")
        #expect(wider.attributes(of: "◷ scheduled")?.background != selection, "and only it is selected")
        #expect(wider.invisibleCharacters.isEmpty, "\(wider.invisibleCharacters)")

        try await session.resize(width: 60, height: 12)
        let narrow = try await session.waitUntilStyled("the 60×12 screen, hint bar on its last row") { screen in
            screen.rows.count == 12 && screen.row(11).contains("? help")
        }
        #expect(narrow.rows.allSatisfy { $0.count <= 60 }, "nothing wider than the terminal\n\(narrow.text)")
        #expect(narrow.attributes(of: "○ queued")?.background == selection, "\(narrow.text)")
        // The cursor is still on the queued run: Enter opens it (its id is cut short at this width).
        try await session.send("Enter")
        try await session.waitUntil("the queued run's view") {
            $0.contains("○ queued  mail  on emails") && $0.contains(ids.queued.prefix(16))
        }
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    @Test("the mouse wheel moves the selection; a click selects a row, a click on the selected row opens it")
    func mouse() async throws {
        let (session, ids) = try await Self.openRuns(environment: [:])
        defer { session.kill() }
        let start = try await session.waitUntilStyled("the selection bar on the newest run") {
            $0.attributes(of: "◷ scheduled")?.background != nil
        }
        let selection = try #require(start.attributes(of: "◷ scheduled")?.background)
        let failedRow = try #require(start.rowIndex(containing: "✘ failed"), "\(start.text)")

        // xterm's SGR mouse reports (ncurses asks for them on this TERM): ESC [ < button ; column ; row M.
        // 65 is the wheel turned down, 64 up; 0 is the left button, pressed (M) then released (m).
        try await session.sendBytes(Self.mouseReport(button: 65, column: 10, row: 5, pressed: true))
        try await session.waitUntilStyled("the wheel to move the selection to the queued run") {
            $0.attributes(of: "○ queued")?.background == selection
        }
        try await session.sendBytes(Self.mouseReport(button: 65, column: 10, row: 5, pressed: true))
        try await session.waitUntilStyled("the wheel to move the selection to the failed run") {
            $0.attributes(of: "✘ failed")?.background == selection
        }
        try await session.sendBytes(Self.mouseReport(button: 64, column: 10, row: 5, pressed: true))
        try await session.waitUntilStyled("the wheel up to move the selection back to the queued run") {
            $0.attributes(of: "○ queued")?.background == selection
        }

        // A click on the failed run's row selects it; its bytes must not leak as keys (Esc, `[`, `<`, digits
        // that switch views, `M`). A second click on the selected row opens it, as Enter does.
        try await session.sendBytes(Self.mouseReport(button: 0, column: 20, row: failedRow + 1, pressed: true))
        try await session.sendBytes(Self.mouseReport(button: 0, column: 20, row: failedRow + 1, pressed: false))
        try await session.waitUntilStyled("the click to select the failed run") {
            $0.attributes(of: "✘ failed")?.background == selection
        }
        try await session.sendBytes(Self.mouseReport(button: 0, column: 20, row: failedRow + 1, pressed: true))
        try await session.sendBytes(Self.mouseReport(button: 0, column: 20, row: failedRow + 1, pressed: false))
        let opened = try await session.waitFor(ids.failed)
        #expect(!opened.contains(ids.queued), "the click opened the failed run, not another\n\(opened)")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    /// An xterm SGR (1006) mouse report for a 1-based column and row.
    static func mouseReport(button: Int, column: Int, row: Int, pressed: Bool) -> [UInt8] {
        Array("\u{1B}[<\(button);\(column);\(row)\(pressed ? "M" : "m")".utf8)
    }
}

/// A screen read with `capture-pane -e`: each row's characters with the colours and attributes tmux reports
/// for them, from the SGR sequences it writes.
struct StyledScreen {
    /// A colour as the terminal was asked for it.
    enum Color: Hashable, CustomStringConvertible {
        /// A palette index: 0–7 basic, 8–15 bright, 16–255 the 256-colour cube and greys.
        case palette(Int)
        /// A 24-bit colour.
        case rgb(Int, Int, Int)

        var description: String {
            switch self {
            case .palette(let index): "palette \(index)"
            case .rgb(let red, let green, let blue): "rgb(\(red),\(green),\(blue))"
            }
        }
    }

    /// What a cell looks like; a nil colour is the terminal's default.
    struct Attributes: Hashable {
        var foreground: Color?
        var background: Color?
        var bold = false
        var dim = false
        var underline = false
        var reverse = false
    }

    /// One character and how it is drawn.
    struct Cell {
        var character: Character
        var attributes: Attributes
    }

    /// The rows, top to bottom (tmux leaves trailing blanks off).
    let rows: [[Cell]]
    /// Every colour any SGR sequence asked for, whether or not a character was drawn in it.
    let colorsUsed: Set<Color>
    /// The SGR sequences that set a colour (not the ones that reset to the default), as written.
    let colorSequences: [String]

    init(capture: String) {
        var attributes = Attributes()
        var rows: [[Cell]] = []
        var colors: Set<Color> = []
        var sequences: [String] = []
        for line in capture.split(separator: "\n", omittingEmptySubsequences: false) {
            var row: [Cell] = []
            var characters = line.unicodeScalars.makeIterator()
            var pending = ""
            while let scalar = characters.next() {
                guard scalar == "\u{1B}" else {
                    pending.unicodeScalars.append(scalar)
                    continue
                }
                row += pending.map { Cell(character: $0, attributes: attributes) }
                pending = ""
                // ESC [ parameters m: tmux writes nothing but SGR sequences in a capture.
                var parameters = ""
                while let next = characters.next(), next != "m" { parameters.unicodeScalars.append(next) }
                let numbers = parameters.dropFirst().split(whereSeparator: { $0 == ";" || $0 == ":" }).map {
                    Int($0) ?? 0
                }
                if Self.apply(numbers.isEmpty ? [0] : numbers, to: &attributes, colors: &colors) {
                    sequences.append(parameters)
                }
            }
            row += pending.map { Cell(character: $0, attributes: attributes) }
            rows.append(row)
        }
        // capture-pane ends the last row with a newline.
        if rows.last?.isEmpty == true { rows.removeLast() }
        self.rows = rows
        colorsUsed = colors
        colorSequences = sequences
    }

    /// Applies SGR parameters; returns whether they set a colour.
    private static func apply(_ numbers: [Int], to attributes: inout Attributes, colors: inout Set<Color>) -> Bool {
        var setsColor = false
        var index = 0
        func take() -> Int? {
            guard index < numbers.count else { return nil }
            defer { index += 1 }
            return numbers[index]
        }
        func extended() -> Color? {
            switch take() {
            case 5: return take().map(Color.palette)
            case 2:
                guard let red = take(), let green = take(), let blue = take() else { return nil }
                return .rgb(red, green, blue)
            default: return nil
            }
        }
        func record(_ color: Color?) -> Color? {
            if let color {
                colors.insert(color)
                setsColor = true
            }
            return color
        }
        while let number = take() {
            switch number {
            case 0: attributes = Attributes()
            case 1: attributes.bold = true
            case 2: attributes.dim = true
            case 4: attributes.underline = true
            case 7: attributes.reverse = true
            case 22: (attributes.bold, attributes.dim) = (false, false)
            case 24: attributes.underline = false
            case 27: attributes.reverse = false
            case 30...37, 90...97, 38:
                attributes.foreground = record(
                    number == 38 ? extended() : .palette(number < 90 ? number - 30 : number - 90 + 8))
            case 39: attributes.foreground = nil
            case 40...47, 100...107, 48:
                attributes.background = record(
                    number == 48 ? extended() : .palette(number < 100 ? number - 40 : number - 100 + 8))
            case 49: attributes.background = nil
            default: break
            }
        }
        return setsColor
    }

    /// The screen as plain text.
    var text: String { rows.map { String($0.map(\.character)) }.joined(separator: "\n") }

    /// Row `index` as plain text; empty past the last row tmux reported.
    func row(_ index: Int) -> String {
        rows.indices.contains(index) ? String(rows[index].map(\.character)) : ""
    }

    /// The first row (0-based) that contains `needle`.
    func rowIndex(containing needle: String) -> Int? {
        rows.indices.first { row($0).contains(needle) }
    }

    /// How the first character of the first occurrence of `needle` is drawn.
    func attributes(of needle: String) -> Attributes? {
        let pattern = Array(needle)
        for row in rows where row.count >= pattern.count {
            for start in 0...(row.count - pattern.count)
            where (0..<pattern.count).allSatisfy({ row[start + $0].character == pattern[$0] }) {
                return row[start].attributes
            }
        }
        return nil
    }

    /// Characters drawn in the colour of their own background (reverse applied), so nobody can read them:
    /// each as `'c' at row r: colour`.
    var invisibleCharacters: [String] {
        var found: [String] = []
        for (number, row) in rows.enumerated() {
            for cell in row where !cell.character.isWhitespace {
                let style = cell.attributes
                let (foreground, background) =
                    style.reverse ? (style.background, style.foreground) : (style.foreground, style.background)
                if let foreground, foreground == background {
                    found.append("'\(cell.character)' at row \(number): \(foreground)")
                }
            }
        }
        return found
    }
}
