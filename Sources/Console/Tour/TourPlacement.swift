/// Where the guided tour is drawn at a screen size: a side panel on wide screens, a one-line bar above
/// the hint bar on narrow ones, or nowhere when hidden (or when there is no tour).
public enum TourPlacement: Sendable, Hashable {
    /// Not drawn.
    case hidden
    /// A panel down the right side, beside the console.
    case side
    /// One line above the hint bar.
    case bar

    /// The panel's width in columns.
    public static let panelWidth = 34
    /// The narrowest screen that gets the side panel; narrower screens get the bar.
    public static let minimumSideWidth = 100
    /// The lowest screen that shows the tour at all.
    public static let minimumHeight = 8

    /// The placement for a tour at a screen size.
    public static func of(_ tour: TourState?, width: Int, height: Int) -> TourPlacement {
        guard let tour, tour.isVisible, height >= minimumHeight else { return .hidden }
        return width >= minimumSideWidth ? .side : .bar
    }

    /// Columns the console gives up to the tour.
    public var columns: Int { self == .side ? Self.panelWidth : 0 }

    /// Rows the console gives up to the tour.
    public var rows: Int { self == .bar ? 1 : 0 }
}
