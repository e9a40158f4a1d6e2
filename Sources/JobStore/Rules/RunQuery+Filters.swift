import Foundation

extension RunQuery {
    /// The statuses to match as their stored names, sorted; empty matches every status.
    public var statusNames: [String] { statuses.map(\.rawValue).sorted() }

    /// The `LIKE` pattern (escape character `\`) for runs whose searched text contains ``text`` anywhere, its
    /// own `%`, `_` and `\` escaped; nil when there is no text to search for. Drivers match it without
    /// regard to case.
    public var searchPattern: String? {
        guard let text, !text.isEmpty else { return nil }
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }
}

extension RunCountParams {
    /// The statuses to match as their stored names, sorted; empty matches every status.
    public var statusNames: [String] { statuses.map(\.rawValue).sorted() }
}

extension RunCount {
    /// `counts` in the order ``JobStore/countRuns(_:)`` reports them: by queue, then job, then status in
    /// lifecycle order.
    public static func inReportOrder(_ counts: [RunCount]) -> [RunCount] {
        counts.sorted { lhs, rhs in
            if lhs.queue != rhs.queue { return lhs.queue < rhs.queue }
            if lhs.job != rhs.job { return lhs.job < rhs.job }
            return lhs.status < rhs.status
        }
    }
}
