/// The guided tour's side panel on wide screens: the steps with the done ones ticked, then the current
/// step's text and keys, or a closing message once every step is done.
enum TourPanel {
    /// Draws the panel down the right side, below the header.
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        guard let tour = state.tour else { return }
        let width = min(TourPlacement.panelWidth, buffer.width)
        let x = buffer.width - width
        let y = state.layout.bodyTop
        let height = buffer.height - y
        guard width >= 10, height >= 5 else { return }
        let title = tour.isComplete ? "Tour · complete" : "Tour · step \(tour.current + 1) of \(tour.steps.count)"
        Box.draw(x: x, y: y, width: width, height: height, title: title, into: &buffer)
        let inner = width - 4
        let lines = lines(tour, width: inner)
        // The last row inside the box is kept for the footer.
        let rows = height - 3
        for (index, line) in lines.prefix(rows).enumerated() {
            buffer.draw(line, x: x + 2, y: y + 1 + index, width: inner)
        }
        let footer = " i hides · ? keys "
        buffer.put(
            footer, x: x + width - 2 - DisplayWidth.of(footer), y: y + height - 1,
            style: CellStyle(.ui(.dim), fill: .ui(.dialog)))
    }

    /// The panel's content lines at a width.
    static func lines(_ tour: TourState, width: Int) -> [StyledLine] {
        let text = CellStyle(.ui(.dialog), fill: .ui(.dialog))
        let dim = CellStyle(.ui(.dim), fill: .ui(.dialog))
        let heading = CellStyle(.ui(.accent), fill: .ui(.dialog), emphasis: .bold)
        var lines: [StyledLine] = []
        for part in TextFit.wrap(tour.title, to: width) {
            lines.append(StyledLine(part, CellStyle(.ui(.dialog), fill: .ui(.dialog), emphasis: .bold)))
        }
        lines.append(StyledLine())
        for (index, step) in tour.steps.enumerated() {
            let (mark, style): (String, CellStyle) =
                if tour.done[index] {
                    ("✔ ", CellStyle(.ui(.success), fill: .ui(.dialog)))
                } else if index == tour.current {
                    ("▶ ", heading)
                } else {
                    ("· ", dim)
                }
            lines.append(StyledLine(mark + TextFit.truncate(step.title, to: width - 2), style))
        }
        lines.append(StyledLine())
        guard let step = tour.currentStep else {
            lines.append(StyledLine("✔ Tour complete", CellStyle(.ui(.success), fill: .ui(.dialog), emphasis: .bold)))
            lines.append(StyledLine())
            let closing =
                "Every step is done. The demo keeps running: explore the other views (1-8, :waits, :state), "
                + "press ? for every key, and i to hide this panel."
            lines += TextFit.wrap(closing, to: width).map { StyledLine($0, text) }
            return lines
        }
        for part in TextFit.wrap(step.title, to: width) { lines.append(StyledLine(part, heading)) }
        lines += TextFit.wrap(step.text, to: width).map { StyledLine($0, text) }
        if !step.keys.isEmpty {
            lines.append(StyledLine())
            lines.append(keysLine(step.keys, label: "Keys "))
        }
        if let awaiting = tour.awaiting {
            lines.append(StyledLine())
            lines += TextFit.wrap("⧗ " + waitingText(awaiting), to: width).map {
                StyledLine($0, CellStyle(.ui(.warning), fill: .ui(.dialog)))
            }
        }
        return lines
    }

    /// What a step waits for after its fix: `Done when run_… completes`.
    static func waitingText(_ awaiting: TourAwait) -> String {
        switch awaiting {
        case .runCompleted(let id): "Fixed? Done when \(id) completes."
        case .anyRunCompleted(let ids): "Retried \(ids.count). Done when one of them completes."
        case .queueDrained(let queue): "Resumed. Done when \(queue) has no queued runs left."
        }
    }

    /// `Keys  j  k  Enter`, the keys in the hint-key role.
    static func keysLine(_ keys: [String], label: String) -> StyledLine {
        var line = StyledLine(label, CellStyle(.ui(.dim), fill: .ui(.dialog)))
        for key in keys {
            line.append(" ", CellStyle(.ui(.dialog), fill: .ui(.dialog)))
            line.append(key, CellStyle(.ui(.hintKey), fill: .ui(.dialog), emphasis: .bold))
        }
        return line
    }
}
