import Foundation
import JobStore

extension ConsoleState {
    /// The windows `[` and `]` step through, in seconds: an hour to a week.
    public static let failureWindows: [TimeInterval] = [900, 3600, 6 * 3600, 86_400, 7 * 86_400]

    /// The failures window as written by hand: `1h`, `1d`, `90m`.
    public var failureWindowText: String { DurationText.format(failureWindow) }

    /// The failures view's rows: the groups of the window, narrowed by the `/` filter (any text of the cause
    /// or its example).
    public var visibleFailureGroups: [FailureGroup] {
        let needle = currentView == .failures ? effectiveFilter.lowercased() : ""
        return (shown.failureGroups ?? []).filter { group in
            needle.isEmpty || group.signature.lowercased().contains(needle)
                || group.example.message.lowercased().contains(needle)
        }
    }

    /// The selected failure group.
    public var selectedFailureGroup: FailureGroup? {
        guard let signature = selectedListId(.failures) else { return nil }
        return visibleFailureGroups.first { $0.signature == signature }
    }

    /// `[` and `]`: the next shorter or longer window, and the groups counted over it.
    mutating func changeFailureWindow(longer: Bool) -> [ConsoleEffect] {
        guard let next = adjacentWindow(Self.failureWindows, from: failureWindow, longer: longer, what: "failures")
        else { return [] }
        return setFailureWindow(next)
    }

    /// Counts failures over the last `seconds` from now on.
    mutating func setFailureWindow(_ seconds: TimeInterval) -> [ConsoleEffect] {
        failureWindow = seconds
        showFlash("Failures of the last \(failureWindowText)", kind: .info)
        guard currentView == .failures else { return [] }
        lastListLoad = now
        return loadCurrentView()
    }

    /// `:failures [window]`: the failures view, over a window when one is given (`1h`, `30m`, up to 7d).
    mutating func showFailures(window text: String?) -> [ConsoleEffect] {
        if let text {
            let limits = DurationLimits(minimum: 60, maximum: Self.failureWindows.last ?? 86_400)
            guard let seconds = typedWindow(text, limits: limits, what: "The failures window") else { return [] }
            failureWindow = seconds
        }
        return perform(.showFailures)
    }

    /// `r` / `C` on a failure group: counts the group's runs the action applies to; the confirm follows
    /// with the count (see ``bulkPrepared(_:_:truncated:)``).
    mutating func askForGroupBulk(_ kind: BulkKind) -> [ConsoleEffect] {
        guard let group = selectedFailureGroup, let since = shown.failureSince else {
            showFlash("Select a cause first", kind: .info)
            return []
        }
        let match = FailureMatch(signature: group.signature, since: since)
        bulkScope =
            "cause \(FailuresView.shortSignature(group.signature)) (\(group.example.type), last "
            + "\(failureWindowText))"
        showFlash("Counting the cause's runs to \(kind.verb)…", kind: .info)
        return [.prepareBulk(kind, RunQuery(statuses: kind.statuses, failure: match, limit: Self.bulkLimit))]
    }
}

extension ConsoleState {
    /// `[` and `]`: the window before or after `current` among `windows`; nil at either end, after saying so.
    mutating func adjacentWindow(
        _ windows: [TimeInterval], from current: TimeInterval, longer: Bool, what: String
    ) -> TimeInterval? {
        let next = longer ? windows.first { $0 > current } : windows.last { $0 < current }
        if next == nil {
            showFlash(
                "The \(what) window is already the \(longer ? "longest" : "shortest"): \(DurationText.format(current))",
                kind: .info)
        }
        return next
    }

    /// A window typed after a `:` command (`1h`, `30m`), within limits; nil after saying why it is refused.
    mutating func typedWindow(_ text: String, limits: DurationLimits, what: String) -> TimeInterval? {
        switch DurationText.parse(text, limits: limits) {
        case .success(let seconds): return seconds
        case .failure(let problem):
            showFlash("\(what) \(problem)", kind: .error)
            return nil
        }
    }
}
