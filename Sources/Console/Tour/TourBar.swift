/// The guided tour on narrow screens: one line above the hint bar with the step number, its title,
/// its keys and as much of its text as fits.
enum TourBar {
    /// The bar's right end, kept when the text is cut.
    static let tail = " i hides "

    /// Draws the bar on the row above the hint bar.
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        guard let tour = state.tour, buffer.height >= 2 else { return }
        let row = buffer.height - 2
        buffer.fill(x: 0, y: row, width: buffer.width, height: 1, style: CellStyle(.ui(.dialog)))
        let tailWidth = min(DisplayWidth.of(tail), buffer.width)
        buffer.draw(line(tour), x: 0, y: row, width: buffer.width - tailWidth)
        buffer.put(
            tail, x: buffer.width - tailWidth, y: row, style: CellStyle(.ui(.dim), fill: .ui(.dialog)),
            maxWidth: tailWidth)
    }

    /// The bar's text: step number, title, keys and text, or the closing line.
    static func line(_ tour: TourState) -> StyledLine {
        let text = CellStyle(.ui(.dialog), fill: .ui(.dialog))
        let dim = CellStyle(.ui(.dim), fill: .ui(.dialog))
        var line = StyledLine()
        guard let step = tour.currentStep else {
            line.append(" ✔ Tour complete", CellStyle(.ui(.success), fill: .ui(.dialog), emphasis: .bold))
            line.append(" · all \(tour.steps.count) steps done · ? lists every key", text)
            return line
        }
        line.append(
            " ◆ Tour \(tour.current + 1)/\(tour.steps.count) ",
            CellStyle(.ui(.accent), fill: .ui(.dialog), emphasis: .bold))
        line.append(step.title, CellStyle(.ui(.dialog), fill: .ui(.dialog), emphasis: .bold))
        if !step.keys.isEmpty {
            line.append(" ·", dim)
            line.spans += TourPanel.keysLine(step.keys, label: "").spans
        }
        line.append(" · ", dim)
        if let awaiting = tour.awaiting {
            line.append("⧗ " + TourPanel.waitingText(awaiting) + " ", CellStyle(.ui(.warning), fill: .ui(.dialog)))
        }
        line.append(step.text, text)
        return line
    }
}
