import Console
import Foundation
import JobStore

extension ConsoleBenchmark {
    /// The terminal sizes frames are measured at: the smallest supported and a large one.
    static let frameSizes: [(width: Int, height: Int)] = [(80, 24), (200, 60)]
    /// The frame time the issue allows at 200×60, in milliseconds (p99, release build).
    static let frameLimit = 8.0
    /// Frames drawn before measuring each view, so caches and allocations settle.
    static let warmUpFrames = 10

    /// The views frames are measured on, in the order the benchmark visits them.
    enum FrameView: CaseIterable {
        case queues, runs, run
    }

    /// Frame times and the cells each frame changed, at one size over every view.
    struct FrameSample {
        var latency = LatencySample()
        var changedCells: [Int] = []
    }

    /// Frame time p50 and p99 and the median of changed cells, at each of ``frameSizes``.
    ///
    /// A frame is what the console does for every event: the reducer applies an action, the renderer draws
    /// the whole screen into a cell buffer, and the buffer is diffed against the previous frame (what reaches
    /// ncurses). The terminal's own drawing is not included. Each view gets `framesPerView` frames after a
    /// warm-up; between frames the data moves on (``ConsoleSampleData/advance()``) and the action cycles
    /// through a store answer, a clock tick, a cursor move and a change-feed poll, as a live console sees.
    static func measureFrames(framesPerView: Int) -> [Measurement] {
        var measurements: [Measurement] = []
        for size in frameSizes {
            let sample = frameSample(width: size.width, height: size.height, framesPerView: framesPerView)
            let label = "\(size.width)×\(size.height)"
            let detail = "\(sample.latency.count) frames on the Queues, Runs and Run views, 500 runs loaded"
            let limit = size.width == 200 && size.height == 60 ? frameLimit : nil
            measurements.append(.milliseconds(group, "frame p50 at \(label)", sample.latency.p50, detail: detail))
            measurements.append(
                .milliseconds(group, "frame p99 at \(label)", sample.latency.p99, atMost: limit, detail: detail))
            measurements.append(
                Measurement(
                    group: group, name: "cells changed per frame p50 at \(label)",
                    value: Double(median(sample.changedCells)), unit: "cells",
                    detail: "of \(size.width * size.height); reducer → render → diff"))
        }
        return measurements
    }

    /// Drives a console at one size through every view and times each frame.
    static func frameSample(width: Int, height: Int, framesPerView: Int) -> FrameSample {
        var data = ConsoleSampleData(now: Date(timeIntervalSince1970: 1_741_953_600))
        var state = ConsoleState(
            width: width, height: height, now: data.now, themeName: "default",
            themeNames: ["default", "light", "high-contrast", "colorblind", "monochrome"],
            storeLabel: "/var/lib/stackshift/jobs.sqlite")
        _ = state.reduce(.started)
        _ = state.reduce(data.changes)
        var sample = FrameSample()
        var previous: CellBuffer?
        let clock = ContinuousClock()
        for view in FrameView.allCases {
            open(view, state: &state, data: data)
            previous = ConsoleRenderer.render(state)
            for frame in 0..<(warmUpFrames + framesPerView) {
                data.advance()
                let action = nextAction(on: view, frame: frame, state: state, data: data)
                let start = clock.now
                _ = state.reduce(action)
                let buffer = ConsoleRenderer.render(state)
                let changed = BufferDiff(from: previous, to: buffer).cellCount
                let elapsed = start.duration(to: clock.now)
                previous = buffer
                guard frame >= warmUpFrames else { continue }
                sample.latency.append(elapsed)
                sample.changedCells.append(changed)
            }
        }
        return sample
    }

    /// Brings the console to a view with its data loaded, through keys and store answers as a user would.
    private static func open(_ view: FrameView, state: inout ConsoleState, data: ConsoleSampleData) {
        switch view {
        case .queues:
            _ = state.reduce(.key(.character("2")))
            _ = state.reduce(.queuesLoaded(data.queueSummaries, at: data.now))
        case .runs:
            _ = state.reduce(.key(.character("3")))
            _ = state.reduce(.runsLoaded(data.runs, query: state.currentRunsQuery, at: data.now))
        case .run:
            _ = state.reduce(.key(.character("3")))
            _ = state.reduce(.runsLoaded(data.runs, query: state.currentRunsQuery, at: data.now))
            let target = data.detail.run.id
            for _ in 0..<data.runs.count where state.selectedRunId != target {
                _ = state.reduce(.key(.character("j")))
            }
            _ = state.reduce(.key(.enter))
            _ = state.reduce(.runDetailLoaded(data.detail, runId: target, at: data.now))
        }
    }

    /// The action of one frame: new data from the store, a tick, a key, or the change feed, in turn.
    private static func nextAction(
        on view: FrameView, frame: Int, state: ConsoleState, data: ConsoleSampleData
    ) -> ConsoleAction {
        switch frame % 4 {
        case 0:
            switch view {
            case .queues: return .queuesLoaded(data.queueSummaries, at: data.now)
            case .runs: return .runsLoaded(data.runs, query: state.currentRunsQuery, at: data.now)
            case .run: return .runDetailLoaded(data.detail, runId: data.detail.run.id, at: data.now)
            }
        case 1:
            return .tick(now: data.now)
        case 2:
            // The run view steps through its sections; the lists move the cursor down, then back up.
            if view == .run { return .key(frame % 8 == 2 ? .tab : .character("j")) }
            return .key(.character(frame % 40 < 20 ? "j" : "k"))
        default:
            return data.changes
        }
    }

    static func median(_ values: [Int]) -> Int {
        guard !values.isEmpty else { return 0 }
        return values.sorted()[(values.count - 1) / 2]
    }
}
