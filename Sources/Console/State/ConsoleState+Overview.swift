import Foundation
import JobStore

extension ConsoleState {
    /// The windows `[` and `]` step through on the overview, in seconds: 15 minutes to a day.
    public static let overviewWindows: [TimeInterval] = [900, 3600, 6 * 3600, 86_400]
    /// The bucket lengths the chart picks from, in seconds: the shortest that fits the window in its columns.
    static let chartBucketChoices = [60, 120, 300, 600, 900, 1800, 3600]
    /// How often the overview reloads at most: one read per panel costs a few milliseconds at a million runs
    /// (`stackshift bench`), and ages and the window move even when nothing changes.
    public static let overviewRefreshSeconds: TimeInterval = 2

    /// The overview's window as written by hand: `1h`, `15m`.
    public var overviewWindowText: String { DurationText.format(overviewWindow) }

    /// The length of one chart bucket: the shortest choice that fits the window in the chart's columns, so
    /// every bucket is at least one column wide.
    public var overviewBucketSeconds: Int {
        let columns = OverviewLayout.maximumChartColumns(layout)
        return Self.chartBucketChoices.first { overviewWindow / Double($0) <= Double(columns) }
            ?? Self.chartBucketChoices.last ?? 3600
    }

    /// How many buckets the chart has: the window's length in buckets, the newest holding now.
    public var overviewBucketCount: Int {
        max(1, Int(saturating: (overviewWindow / Double(overviewBucketSeconds)).rounded(.up)))
    }

    /// Where the overview's panels go at this size.
    public var overviewLayout: OverviewLayout { OverviewLayout(layout, chartBuckets: overviewBucketCount) }

    /// What the overview asks the store for: ``overviewBucketCount`` whole buckets, the last one holding now,
    /// so the chart has exactly that many columns.
    public var overviewQuery: RunActivityQuery {
        Self.activityQuery(buckets: overviewBucketCount, bucketSeconds: overviewBucketSeconds, now: now)
    }

    /// The queues view's charts: the last hour, a minute per bucket.
    public var queueActivityQuery: RunActivityQuery {
        Self.activityQuery(buckets: 60, bucketSeconds: 60, now: now)
    }

    /// A query for `buckets` whole buckets of `bucketSeconds`, the last one holding `now`.
    static func activityQuery(buckets: Int, bucketSeconds: Int, now: Date) -> RunActivityQuery {
        var query = RunActivityQuery(since: now, now: now, bucketSeconds: bucketSeconds)
        let current = query.bucketStart(minute: Int64(saturating: (now.timeIntervalSince1970 / 60).rounded(.down)))
        query.since = current.addingTimeInterval(-Double((max(1, buckets) - 1) * bucketSeconds))
        return query
    }

    // MARK: Rows

    /// What needs attention, as loaded, most urgent first.
    public var attentionItems: [AttentionItem] { shown.overview?.attention ?? [] }

    /// Start→completion times per job over the window, the busiest first.
    public var latencyRows: [JobLatency] {
        guard let data = shown.overview else { return [] }
        return JobLatency.rows(data.activity, query: data.query, slices: Self.latencyTrendSlices)
    }

    /// Cells of a latency trend.
    static let latencyTrendSlices = 12

    /// The queues, as the store lists them.
    public var overviewQueueRows: [QueueSummary] { shown.overview?.queues ?? [] }

    /// The ids of a panel's rows, in order; the throughput chart has none.
    func overviewRowIds(_ panel: OverviewPanel) -> [String] {
        switch panel {
        case .attention: attentionItems.map(Self.attentionId)
        case .latency: latencyRows.map(\.job)
        case .queues: overviewQueueRows.map(\.queue.name)
        case .activity: []
        }
    }

    /// An attention item's id: its kind and what it is about, which stay the same while it lasts.
    static func attentionId(_ item: AttentionItem) -> String { item.kind.rawValue + " " + item.target }

    /// The selected row of a panel: the row last selected while it is listed, else the first.
    public func selectedOverviewIndex(_ panel: OverviewPanel) -> Int? {
        let ids = overviewRowIds(panel)
        guard !ids.isEmpty else { return nil }
        return overviewSelection[panel].flatMap { ids.firstIndex(of: $0) } ?? 0
    }

    /// The selected attention item.
    public var selectedAttentionItem: AttentionItem? {
        selectedOverviewIndex(.attention).map { attentionItems[$0] }
    }

    // MARK: Keys

    /// Tab and Shift-Tab: the next or previous panel.
    mutating func moveOverviewFocus(forward: Bool) {
        let panels = OverviewPanel.allCases
        let index = panels.firstIndex(of: overviewFocus) ?? 0
        overviewFocus = panels[(index + (forward ? 1 : panels.count - 1)) % panels.count]
    }

    /// The cursor keys: move in the focused panel's rows.
    mutating func moveInOverview(by delta: Int) {
        let ids = overviewRowIds(overviewFocus)
        guard let index = selectedOverviewIndex(overviewFocus) else { return }
        overviewSelection[overviewFocus] = ids[min(max(0, index.addingClamped(delta)), ids.count - 1)]
    }

    /// `[` and `]`: the next shorter or longer window, charted from the store at once.
    mutating func changeOverviewWindow(longer: Bool) -> [ConsoleEffect] {
        guard let next = adjacentWindow(Self.overviewWindows, from: overviewWindow, longer: longer, what: "overview's")
        else { return [] }
        overviewWindow = next
        showFlash("Overview of the last \(overviewWindowText)", kind: .info)
        lastListLoad = now
        return loadCurrentView()
    }

    /// `:overview [window]`: the overview, over a window when one is given (`15m`, `1h`, `6h`, `1d`).
    mutating func showOverview(window text: String?) -> [ConsoleEffect] {
        if let text {
            let limits = DurationLimits(minimum: 300, maximum: Self.overviewWindows.last ?? 86_400)
            guard let seconds = typedWindow(text, limits: limits, what: "The overview's window") else { return [] }
            overviewWindow = seconds
        }
        return perform(.showOverview)
    }

    /// Enter: the selected problem, or the focused panel's full view.
    mutating func openOverview() -> [ConsoleEffect] {
        switch overviewFocus {
        case .attention:
            guard let item = selectedAttentionItem else {
                showFlash("Nothing needs attention: there is nothing to open", kind: .info)
                return []
            }
            return open(item)
        case .activity:
            return go(to: [.overview, .runs(queue: nil)])
        case .latency:
            guard let index = selectedOverviewIndex(.latency) else { return go(to: [.overview, .runs(queue: nil)]) }
            let job = latencyRows[index].job
            filters[.runs(queue: nil)] = job
            showFlash("Runs matching the job \(job)", kind: .info)
            return go(to: [.overview, .runs(queue: nil)])
        case .queues:
            guard let index = selectedOverviewIndex(.queues) else { return go(to: [.queues]) }
            let queue = overviewQueueRows[index].queue.name
            return go(to: [.overview, .runs(queue: queue)])
        }
    }

    /// Opens where an attention item is fixed: a cause's runs, the lock, the run, the queue, the worker.
    private mutating func open(_ item: AttentionItem) -> [ConsoleEffect] {
        switch item.kind {
        case .failures:
            let match = FailureMatch(
                signature: item.target, since: now.addingTimeInterval(-AttentionItem.failureWindow))
            return go(to: [.overview, .runs(queue: nil, failure: match)])
        case .orphanedLock:
            filters[.state] = nil
            stateFocus = .locks
            cursors[.locks, default: ListCursor()].selected = item.target
            return go(to: [.state])
        case .nearMissWait, .longWait:
            cursors[.waits, default: ListCursor()].selected = item.target
            return go(to: [.waits])
        case .expiredLease:
            return go(to: [.overview, .run(item.runId ?? item.target)])
        case .pausedQueue, .queueBehind:
            filters[.queues] = nil
            selectedQueue = item.target
            return go(to: [.queues])
        case .silentWorker:
            cursors[.workers, default: ListCursor()].selected = item.target
            return go(to: [.workers])
        }
    }

    /// `w` on the overview: why the selected problem's run is not moving; for a problem no single run stands
    /// for, what it is and where Enter takes you to fix it.
    mutating func explainAttentionItem() -> [ConsoleEffect] {
        guard overviewFocus == .attention, let item = selectedAttentionItem else {
            showFlash("Select a problem in the attention list first (Tab moves between panels)", kind: .info)
            return []
        }
        guard let runId = item.runId else {
            showFlash(TerminalText.escaped(item.summary) + " · " + Self.whereFixed(item.kind), kind: .info, seconds: 8)
            return []
        }
        why = WhyPanel(runId: runId, run: nil)
        return [.explain(runId)]
    }

    /// Where Enter takes you for a kind of problem, and the key that fixes it there.
    static func whereFixed(_ kind: AttentionItem.Kind) -> String {
        switch kind {
        case .failures: "Enter lists the cause's runs (w explains one, r retries)"
        case .orphanedLock: "Enter opens the lock in the State view (u releases it)"
        case .expiredLease: "Enter opens the run; a worker recovers it at its next sweep"
        case .pausedQueue: "Enter opens the Queues view (P resumes it)"
        case .nearMissWait: "Enter opens the wait (s sends the event with the right key)"
        case .queueBehind: "Enter opens the Queues view (more workers or a higher limit help)"
        case .silentWorker: "Enter opens the Workers view (d forgets a worker that is gone)"
        case .longWait: "Enter opens the wait (s sends the event, w explains)"
        }
    }

    // MARK: Loading

    /// Stores the overview's data; paused, the display keeps its copy once it has one.
    mutating func overviewLoaded(_ data: OverviewData, at: Date) {
        // Not into `live.queues`: the overview's queues count nothing finished, and the Queues view shows the hour's.
        live.overview = data
        live.capturedAt = at
        if isPaused, frozen?.overview == nil { frozen?.overview = data }
    }
}
