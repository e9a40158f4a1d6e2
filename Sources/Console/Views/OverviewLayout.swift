/// Where the overview's panels go at a screen size: side by side from 120 columns (the chart and latency on
/// the left, what needs attention and the queues on the right), stacked below that with the chart and the
/// attention list given the most rows. Every panel is a heading row and the rows under it.
public struct OverviewLayout: Sendable, Hashable {
    /// A panel's area: its heading row at `y`, content below it.
    public struct Area: Sendable, Hashable {
        /// Left edge.
        public var x: Int
        /// The heading row.
        public var y: Int
        /// Columns.
        public var width: Int
        /// Rows, the heading included.
        public var height: Int

        /// Rows under the heading.
        public var contentRows: Int { max(0, height - 1) }
    }

    /// The throughput chart.
    public var activity: Area
    /// What needs attention.
    public var attention: Area
    /// Latency per job.
    public var latency: Area
    /// Queues and workers.
    public var queues: Area
    /// The column of the divider between the two halves; nil when the panels are stacked.
    public var divider: Int?

    /// The columns of the y axis's labels and rule, which the chart's bars leave (labels are at most 4 wide).
    static let axisColumns = 5

    /// The panels for a screen layout, with a chart of `chartBuckets` buckets. Side by side, the left half is
    /// as wide as the chart needs (at most three fifths), so a chart that cannot use more leaves the rest to
    /// the attention list, whose lines are long.
    public init(_ layout: ScreenLayout, chartBuckets: Int) {
        let top = layout.bodyTop
        let height = layout.bodyHeight
        let width = layout.width
        if layout.splitsSideBySide {
            let widest = Self.maximumChartColumns(layout)
            let perBucket = max(1, widest / max(1, chartBuckets))
            let left = min(layout.leftPaneWidth, Self.axisColumns + max(1, chartBuckets) * perBucket + 1)
            let chart = max(6, height * 11 / 20)
            let attentionRows = max(4, height * 11 / 20)
            activity = Area(x: 0, y: top, width: left, height: chart)
            latency = Area(x: 0, y: top + chart, width: left, height: max(0, height - chart))
            attention = Area(x: left + 1, y: top, width: width - left - 1, height: attentionRows)
            queues = Area(
                x: left + 1, y: top + attentionRows, width: width - left - 1, height: max(0, height - attentionRows))
            divider = left
        } else {
            // 80×24 gives 21 rows: chart 7, attention 6, latency 4, queues 4.
            let chart = max(5, height / 3)
            let attentionRows = max(3, height * 2 / 7)
            let latencyRows = max(2, height / 5)
            activity = Area(x: 0, y: top, width: width, height: chart)
            attention = Area(x: 0, y: top + chart, width: width, height: attentionRows)
            latency = Area(x: 0, y: top + chart + attentionRows, width: width, height: latencyRows)
            let used = chart + attentionRows + latencyRows
            queues = Area(x: 0, y: top + used, width: width, height: max(0, height - used))
            divider = nil
        }
    }

    /// The most columns the chart's bars can have at a screen size: the left half, or the whole width stacked,
    /// less the y axis.
    public static func maximumChartColumns(_ layout: ScreenLayout) -> Int {
        max(1, (layout.splitsSideBySide ? layout.leftPaneWidth : layout.width) - axisColumns - 1)
    }

    /// The area of a panel.
    public func area(_ panel: OverviewPanel) -> Area {
        switch panel {
        case .activity: activity
        case .attention: attention
        case .latency: latency
        case .queues: queues
        }
    }
}
