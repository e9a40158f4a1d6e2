/// Draws a series of counts as block characters scaled to the series' peak, coloured by height.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The sparkline for counts, one cell each; zero shows as the lowest block in the border colour.
    public static func line(_ values: [Int], fill: ThemeRole? = nil) -> StyledLine {
        let peak = max(1, values.max() ?? 0)
        var line = StyledLine()
        for value in values {
            if value <= 0 {
                line.append("▁", CellStyle(.ui(.border), fill: fill))
                continue
            }
            // Scale to 1…8 so any activity is visibly above the zero line.
            let level = max(1, Int(saturating: (Double(value) / Double(peak) * 8).rounded(.up))) - 1
            let clamped = min(level, blocks.count - 1)
            line.append(String(blocks[clamped]), CellStyle(.graph(clamped), fill: fill))
        }
        return line
    }
}
