/// Where the fixed parts of the screen sit at a given size. Views draw into it and the reducer uses it
/// to keep the cursor in view, so both agree on how many rows a page has.
public struct ScreenLayout: Sendable, Hashable {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// Creates the layout for a terminal size.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The header bar's row.
    public var headerRow: Int { 0 }
    /// The first row of the view body.
    public var bodyTop: Int { 1 }
    /// Rows available to the view body.
    public var bodyHeight: Int { max(0, height - 3) }
    /// The status line's row (flash, filter, command line).
    public var statusRow: Int { max(0, height - 2) }
    /// The hint bar's row.
    public var hintRow: Int { max(0, height - 1) }
    /// Data rows of a table below its column titles.
    public var tableRows: Int { max(1, bodyHeight - 1) }

    /// Rows of the run view's overview block.
    public var runOverviewHeight: Int { width >= 120 ? 5 : 6 }
    /// The first row of the run view's section content (below overview, blank line and tab bar).
    public var runSectionTop: Int { bodyTop + runOverviewHeight + 1 }
    /// Rows available to the run view's section content.
    public var runSectionRows: Int { max(1, bodyHeight - runOverviewHeight - 1) }
}

extension ScreenLayout {
    /// Whether two-pane views (waits, state) put their panes side by side rather than one above the other.
    public var splitsSideBySide: Bool { width >= 120 }
    /// The width of the left pane when side by side.
    public var leftPaneWidth: Int { width * 3 / 5 }
    /// The height of the top pane (heading, column titles and rows) when stacked.
    public var topPaneHeight: Int { max(4, min(bodyHeight - 3, bodyHeight * 3 / 5)) }
    /// Data rows of the main pane of a two-pane view, below its heading and column titles.
    public var mainPaneRows: Int { max(1, (splitsSideBySide ? bodyHeight : topPaneHeight) - 2) }
}
