import Console
import Foundation
import Testing

@Suite("Rendering after a resize: nothing of the previous size is left")
struct ResizeRenderTests {
    @Test("160×48 → 200×3: the rows below the header hold only the status line and the hint bar")
    func shortScreen() {
        var state = Fixtures.state(width: 160, height: 48)
        #expect(ConsoleRenderer.render(state).text.contains("QUEUED"))
        _ = state.reduce(.resized(width: 200, height: 3))
        let lines = ConsoleRenderer.render(state).lines
        #expect(lines.count == 3)
        let status = lines[1]
        for fragment in ["QUEUE ", "QUEUED", "RUNNING", "FAIL/1h", "emails", "STATE"] {
            #expect(!status.contains(fragment), "the table's \(fragment) is not drawn into the status line")
        }
        #expect(status.hasPrefix(" 5 queues · 1 paused · sorted by name"))
    }

    @Test("at every short height, no view draws its titles or rows into the status line or hint bar")
    func everyShortHeight() {
        let states = [
            Fixtures.state(width: 200, height: 48), Fixtures.runsState(width: 200, height: 48),
            Fixtures.operationsState(.waits, width: 200, height: 48),
            Fixtures.operationsState(.events, width: 200, height: 48),
            Fixtures.operationsState(.state, width: 200, height: 48),
            Fixtures.operationsState(.schedules, width: 200, height: 48),
            Fixtures.operationsState(.workers, width: 200, height: 48),
        ]
        for tall in states {
            // The view's first two body rows (titles, first row), as probes of what it draws.
            let tallLines = ConsoleRenderer.render(tall).lines
            // Both ends: the status line overwrites a row's start, so a leftover shows at its end.
            let probes = tallLines[1...2].flatMap { line in
                let text = line.trimmingCharacters(in: .whitespaces)
                return [String(text.prefix(16)), String(text.suffix(16))]
            }
            for height in 1...6 {
                var state = tall
                _ = state.reduce(.resized(width: 200, height: height))
                let buffer = ConsoleRenderer.render(state)
                #expect(buffer.width == 200 && buffer.height == height)
                let belowBody = buffer.lines.dropFirst(max(1, height - 2))
                for probe in probes where !probe.isEmpty {
                    #expect(
                        !belowBody.contains { $0.contains(probe) },
                        "\(tall.currentView) at height \(height) drew \"\(probe)\" below its body")
                }
            }
        }
    }
}
