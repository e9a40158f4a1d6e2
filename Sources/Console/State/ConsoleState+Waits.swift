import Foundation
import JobStore

/// An unconsumed event that nearly matches a wait, and how.
public struct EventNearMiss: Sendable, Hashable {
    /// The event.
    public var event: EventRecord
    /// How its key differs from the waited one.
    public var kind: NearMiss
}

/// Waiting runs that wait on the same event name and key (or sleep), with the events that nearly match.
public struct WaitGroup: Sendable, Hashable {
    /// The event name; nil for durable sleeps.
    public var eventName: String?
    /// The correlation key; nil for durable sleeps.
    public var eventKey: String?
    /// The runs, longest waiting first.
    public var runs: [RunRecord]
    /// Unconsumed events with the same name whose key is almost this one.
    public var nearMisses: [EventNearMiss]
    /// Unconsumed events with exactly this name and key that arrived before the runs were created, so they
    /// cannot resume them.
    public var tooEarly: [EventRecord]

    /// Whether the group is of durable sleeps.
    public var isSleep: Bool { eventName == nil }
}

/// A line of the waits pane: a group heading or one of its runs.
public enum WaitLine: Sendable, Hashable {
    /// The heading of a group.
    case group(WaitGroup)
    /// A waiting run.
    case run(RunRecord)

    /// The run's id, for run lines.
    public var runId: RunID? {
        if case .run(let run) = self { return run.id }
        return nil
    }
}

/// Why an unconsumed event is flagged in the waits view.
public enum EventFlag: Sendable, Hashable {
    /// Its key nearly matches a wait's key.
    case nearMiss(NearMiss, waitKey: String)
    /// It has a wait's exact name and key but arrived before that run was created.
    case tooEarly(RunID)
    /// Some run waits on its name, but with an unrelated key.
    case otherKey
    /// No run waits on its name.
    case unwanted
}

extension ConsoleState {
    /// Waiting runs grouped by event name and key, longest-stuck group first, durable sleeps last;
    /// narrowed by the `/` filter (name, key, run id or job).
    public var waitGroups: [WaitGroup] {
        let needle = effectiveFilter.lowercased()
        let runs = (shown.waits ?? []).filter { run in
            guard !needle.isEmpty else { return true }
            let wait = run.wait
            return (wait?.eventName?.lowercased().contains(needle) ?? false)
                || (wait?.eventKey?.lowercased().contains(needle) ?? false) || run.id.lowercased().contains(needle)
                || run.job.lowercased().contains(needle)
        }
        var order: [String] = []
        var byKey: [String: [RunRecord]] = [:]
        for run in runs {
            let id = run.wait?.eventName.map { "e\u{1}\($0)\u{1}\(run.wait?.eventKey ?? "")" } ?? "s"
            if byKey[id] == nil { order.append(id) }
            byKey[id, default: []].append(run)
        }
        let eventsByName = Dictionary(grouping: shown.unconsumedEvents, by: \.name)
        let groups = order.map { id -> WaitGroup in
            let members = byKey[id, default: []].sorted {
                ($0.wait?.since ?? $0.createdAt) < ($1.wait?.since ?? $1.createdAt)
            }
            let name = members.first?.wait?.eventName
            let key = members.first?.wait?.eventKey
            guard let name else {
                return WaitGroup(eventName: nil, eventKey: nil, runs: members, nearMisses: [], tooEarly: [])
            }
            let waitedKey = key ?? ""
            let events = eventsByName[name] ?? []
            let nearMisses = events.compactMap { event in
                NearMiss.classify(waitName: name, waitKey: waitedKey, eventName: event.name, eventKey: event.key)
                    .map { EventNearMiss(event: event, kind: $0) }
            }
            let newestCreation = members.map(\.createdAt).max() ?? .distantPast
            let tooEarly = events.filter { $0.name == name && $0.key == waitedKey && $0.receivedAt < newestCreation }
            return WaitGroup(eventName: name, eventKey: key, runs: members, nearMisses: nearMisses, tooEarly: tooEarly)
        }
        return groups.sorted { lhs, rhs in
            if lhs.isSleep != rhs.isSleep { return !lhs.isSleep }
            let lhsSince = lhs.runs.first?.wait?.since ?? .distantFuture
            let rhsSince = rhs.runs.first?.wait?.since ?? .distantFuture
            if lhsSince != rhsSince { return lhsSince < rhsSince }
            return (lhs.eventName ?? "", lhs.eventKey ?? "") < (rhs.eventName ?? "", rhs.eventKey ?? "")
        }
    }

    /// The waits pane's lines: each group's heading, then its runs.
    public var waitLines: [WaitLine] {
        waitGroups.flatMap { group in [WaitLine.group(group)] + group.runs.map(WaitLine.run) }
    }

    /// The selected waiting run.
    public var selectedWait: RunRecord? {
        guard let id = selectedListId(.waits) else { return nil }
        return (shown.waits ?? []).first { $0.id == id }
    }

    /// Why an unconsumed event deserves a look, against the waits loaded.
    public func flag(for event: EventRecord) -> EventFlag {
        flags(for: [event])[0]
    }

    /// Why each unconsumed event deserves a look, against the waits loaded (grouped once for all events).
    public func flags(for events: [EventRecord]) -> [EventFlag] {
        let waitsByName = Dictionary(grouping: shown.waits ?? [], by: { $0.wait?.eventName ?? "" })
        return events.map { flag(for: $0, waits: waitsByName[$0.name] ?? []) }
    }

    private func flag(for event: EventRecord, waits: [RunRecord]) -> EventFlag {
        guard !waits.isEmpty else { return .unwanted }
        if let early = waits.first(where: { $0.wait?.eventKey == event.key && event.receivedAt < $0.createdAt }) {
            return .tooEarly(early.id)
        }
        for run in waits {
            let key = run.wait?.eventKey ?? ""
            if let kind = NearMiss.classify(expected: key, actual: event.key) { return .nearMiss(kind, waitKey: key) }
        }
        return .otherKey
    }

    /// The unconsumed events the waits view lists, newest first, with those that nearly match the selected
    /// wait first of all.
    public var waitsEvents: [EventRecord] {
        let events = shown.unconsumedEvents.sorted { $0.receivedAt > $1.receivedAt }
        guard let wait = selectedWait?.wait, let name = wait.eventName else { return events }
        let related = events.filter {
            NearMiss.classify(waitName: name, waitKey: wait.eventKey ?? "", eventName: $0.name, eventKey: $0.key) != nil
        }
        return related + events.filter { !related.contains($0) }
    }
}
