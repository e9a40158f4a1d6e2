import Foundation
import JobStore

extension ConsoleState {
    /// The ids of a list view's selectable rows, in display order.
    public func listIds(_ kind: ListKind) -> [String] {
        switch kind {
        case .waits: waitLines.compactMap(\.runId)
        case .events: visibleEvents.map { String($0.id) }
        case .state: visibleStateEntries.map(\.key)
        case .schedules: visibleSchedules.map(\.name)
        case .workers: visibleWorkers.map(\.id)
        case .locks: visibleLocks.map(\.key)
        case .failures: visibleFailureGroups.map(\.signature)
        case .audit: visibleAuditEntries.map { String($0.id) }
        case .rejected: visibleRejectedWebhooks.map { String($0.id) }
        }
    }

    /// The line each selectable row is drawn on (waits have group headings between their rows).
    func listLines(_ kind: ListKind) -> (selectable: [Int], count: Int) {
        guard kind == .waits else {
            let count = listIds(kind).count
            return (Array(0..<count), count)
        }
        let lines = waitLines
        return (lines.indices.filter { lines[$0].runId != nil }, lines.count)
    }

    /// How many lines of a list are visible at once.
    func listRows(_ kind: ListKind) -> Int {
        switch kind {
        case .waits, .state: layout.mainPaneRows
        case .rejected: RejectedWebhooksView.listFrame(self).rows
        case .events, .schedules, .workers, .audit: layout.tableRows
        case .failures: FailuresView.tableRows(layout)
        case .locks: StateView.locksFrame(self, width: layout.width).rows
        }
    }

    /// The index of the selected row among ``listIds(_:)``; nil when the list is empty.
    public func selectedListIndex(_ kind: ListKind) -> Int? {
        let ids = listIds(kind)
        guard !ids.isEmpty else { return nil }
        let cursor = cursors[kind] ?? ListCursor()
        if let id = cursor.selected, let index = ids.firstIndex(of: id) { return index }
        return min(max(0, cursor.hint), ids.count - 1)
    }

    /// The id of the selected row.
    public func selectedListId(_ kind: ListKind) -> String? {
        selectedListIndex(kind).map { listIds(kind)[$0] }
    }

    /// The first visible line of a list.
    public func listScroll(_ kind: ListKind) -> Int { cursors[kind]?.scroll ?? 0 }

    mutating func moveInList(_ kind: ListKind, by delta: Int) {
        let ids = listIds(kind)
        guard let index = selectedListIndex(kind) else { return }
        let target = min(max(0, index.addingClamped(delta)), ids.count - 1)
        cursors[kind, default: ListCursor()].selected = ids[target]
        cursors[kind, default: ListCursor()].hint = target
        keepListSelectionInView(kind)
    }

    /// Re-anchors a list's cursor on the rows now shown and scrolls it into view.
    mutating func keepListSelectionInView(_ kind: ListKind) {
        let ids = listIds(kind)
        var cursor = cursors[kind] ?? ListCursor()
        guard let index = selectedListIndex(kind) else {
            cursor.scroll = 0
            cursors[kind] = cursor
            return
        }
        cursor.selected = ids[index]
        cursor.hint = index
        let lines = listLines(kind)
        let line = lines.selectable[index]
        // A wait's group heading scrolls into view with its first run.
        let heading = line > 0 && !lines.selectable.contains(line - 1) ? line - 1 : line
        cursor.scroll = min(cursor.scroll, heading)
        cursor.scroll = Self.scroll(cursor.scroll, keeping: line, rows: listRows(kind), count: lines.count)
        cursors[kind] = cursor
    }

    // MARK: Rows of each list

    /// The events view's rows: recent events, narrowed by the `/` filter (name, key or resumed run).
    public var visibleEvents: [EventRecord] {
        let needle = effectiveFilter.lowercased()
        return (shown.events ?? []).filter { event in
            needle.isEmpty || event.name.lowercased().contains(needle) || event.key.lowercased().contains(needle)
                || event.consumedBy.contains { $0.lowercased().contains(needle) }
        }
    }

    /// The state view's rows: values under the prefix, narrowed at once by the prefix being typed.
    public var visibleStateEntries: [StateEntry] {
        let prefix = effectiveFilter
        return (shown.stateEntries ?? []).filter { prefix.isEmpty || $0.key.hasPrefix(prefix) }
    }

    /// The locks the state view shows: under the prefix, narrowed at once by the prefix being typed.
    public var visibleLocks: [LockRecord] {
        let prefix = effectiveFilter
        return shown.locks.filter { prefix.isEmpty || $0.key.hasPrefix(prefix) }
    }

    /// The key prefix the state view loads: the applied `/` filter.
    public var statePrefix: String { currentView == .state ? filterText : "" }

    /// The schedules view's rows, by name.
    public var visibleSchedules: [ScheduleRecord] {
        (shown.schedules ?? []).sorted { $0.name < $1.name }
    }

    /// The workers view's rows: live ones first, most recent heartbeat first.
    public var visibleWorkers: [WorkerRecord] {
        let now = displayNow
        return (shown.workers ?? []).sorted { lhs, rhs in
            let lhsSilent = isSilent(lhs, now: now)
            let rhsSilent = isSilent(rhs, now: now)
            if lhsSilent != rhsSilent { return !lhsSilent }
            if lhs.heartbeatAt != rhs.heartbeatAt { return lhs.heartbeatAt > rhs.heartbeatAt }
            return lhs.id < rhs.id
        }
    }

    /// How long without a heartbeat before a worker is flagged as late.
    public static let workerLateSeconds: TimeInterval = 20

    /// Whether a worker has stopped heartbeating for longer than the engine's liveness window.
    public func isSilent(_ worker: WorkerRecord, now: Date) -> Bool {
        now.timeIntervalSince(worker.heartbeatAt) > shown.workerLiveness
    }

    /// The selected state value.
    public var selectedStateEntry: StateEntry? {
        guard let key = selectedListId(.state) else { return nil }
        return visibleStateEntries.first { $0.key == key }
    }

    /// The selected event.
    public var selectedEvent: EventRecord? {
        guard let id = selectedListId(.events) else { return nil }
        return visibleEvents.first { String($0.id) == id }
    }

    /// The selected schedule.
    public var selectedSchedule: ScheduleRecord? {
        guard let name = selectedListId(.schedules) else { return nil }
        return visibleSchedules.first { $0.name == name }
    }

    /// The selected worker.
    public var selectedWorker: WorkerRecord? {
        guard let id = selectedListId(.workers) else { return nil }
        return visibleWorkers.first { $0.id == id }
    }

    /// The list the cursor keys move: the view's list, or in the state and events views the pane in focus.
    public var focusedListKind: ListKind? {
        switch currentView {
        case .state: stateFocus
        case .events: eventsFocus
        default: currentView.listKind
        }
    }

    /// The selected lock in the state view's locks pane.
    public var selectedLock: LockRecord? {
        guard let index = selectedListIndex(.locks) else { return nil }
        return visibleLocks[index]
    }
}
