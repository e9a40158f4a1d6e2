import Foundation
import JobStore

/// The status line's summary for the list views: counts, the filter, and what deserves attention.
enum ListSummary {
    static func append(to line: inout StyledLine, state: ConsoleState) {
        let dim = CellStyle.dim
        let accent = CellStyle(.ui(.accent))
        let warning = CellStyle(.ui(.warning))
        func count(_ value: Int, _ noun: String) {
            line.append(Format.count(value), accent)
            line.append(" \(noun)\(value == 1 ? "" : "s")", dim)
        }
        switch state.currentView {
        case .waits:
            let groups = state.waitGroups
            count(groups.reduce(0) { $0 + $1.runs.count }, "waiting run")
            let stuck = groups.filter { !$0.nearMisses.isEmpty || !$0.tooEarly.isEmpty }.count
            if stuck > 0 {
                line.append(" · \(stuck) with near-miss events: w explains, s sends the right one", warning)
            } else {
                line.append(" · w explains a wait · s sends its event", dim)
            }
        case .events where state.eventsFocus == .rejected:
            let rejected = state.visibleRejectedWebhooks.count
            line.append(Format.count(rejected), accent)
            line.append(rejected == 1 ? " rejected delivery" : " rejected deliveries", dim)
            line.append(" · sent no event · s sends it by hand · y copies the body", dim)
        case .events:
            let events = state.visibleEvents
            count(events.count, "event")
            // A rejected webhook delivery is an event that never arrived: said first, before the line is cut.
            let rejected = state.shown.rejectedWebhooks?.count ?? 0
            if rejected > 0 { line.append(" · \(rejected) rejected webhook\(rejected == 1 ? "" : "s") (Tab)", warning) }
            let unconsumed = events.filter(\.consumedBy.isEmpty).count
            if unconsumed > 0 { line.append(" · \(unconsumed) unconsumed (4 shows the waits)", warning) }
            line.append(" · kept 24h", dim)
        case .state:
            count(state.visibleStateEntries.count, "value")
            line.append(" · ", dim)
            count(state.visibleLocks.count, "lock")
            if !state.filterText.isEmpty {
                line.append(" · prefix ", dim)
                line.append("\"\(state.filterText)\"", accent)
            }
            line.append(" · edits write only over the version shown", dim)
        case .schedules:
            let schedules = state.visibleSchedules
            count(schedules.count, "schedule")
            let now = state.displayNow
            if let next = schedules.min(by: { $0.nextFireAt < $1.nextFireAt }) {
                line.append(" · next: ", dim)
                line.append(next.name, accent)
                line.append(" in " + Format.duration(next.nextFireAt.timeIntervalSince(now)), dim)
            }
        case .workers:
            let workers = state.visibleWorkers
            let silent = workers.filter { state.isSilent($0, now: state.displayNow) }.count
            count(workers.count - silent, "live worker")
            if silent > 0 {
                let liveness = state.shown.workerLiveness
                // Whole seconds read best for the short windows liveness uses ("60s", not "1m00s").
                let window =
                    liveness.isFinite && liveness < 600
                    ? "\(Int(saturating: liveness.rounded()))s" : Format.duration(liveness)
                line.append(" · \(silent) silent (no heartbeat for \(window))", warning)
            }
            let inHand = state.shown.runsInHand.values.reduce(0, +)
            line.append(" · \(Format.count(inHand)) running", dim)
        case .failures:
            let groups = state.visibleFailureGroups
            count(groups.count, "cause")
            line.append(" · ", dim)
            count(groups.reduce(0) { $0 + $1.failures }, "failure")
            line.append(" in the last \(state.failureWindowText) ([ ] changes it)", dim)
        case .audit:
            let entries = state.visibleAuditEntries
            count(entries.count, "action")
            let refused = entries.filter(\.refused).count
            if refused > 0 { line.append(" · \(refused) refused", warning) }
            line.append(" · newest first · ⏎ opens the run", dim)
        case .overview, .queues, .runs, .run:
            break
        }
        if let kind = state.currentView.listKind, kind != .state, !state.filterText.isEmpty {
            line.append(" · filter ", dim)
            line.append("\"\(state.filterText)\"", accent)
        }
    }
}
