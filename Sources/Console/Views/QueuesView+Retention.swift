import Foundation
import JobStore

extension QueuesView {
    /// The row under the table, after a blank line, that says the selected queue's retention; nil when the table
    /// leaves no room for it.
    static func retentionRow(_ state: ConsoleState) -> Int? {
        let layout = state.layout
        let row = layout.bodyTop + 1 + state.visibleQueues.count + 1
        return row <= layout.bodyTop + layout.tableRows ? row : nil
    }

    /// `retention: completed 7d · failed 30d · canceled 7d (the store's policy)` for the selected queue. The
    /// RETAIN column does not fit at 80 columns without pushing out live numbers, so this line is where a narrow
    /// screen says how long the queue's finished runs are kept before they are deleted.
    static func drawRetention(_ state: ConsoleState, into buffer: inout CellBuffer) {
        guard let row = retentionRow(state), let index = state.selectedQueueIndex else { return }
        let queue = state.visibleQueues[index].queue
        var line = StyledLine("retention: ", .dim)
        if let (policy, isOwn) = RetentionText.policy(of: queue, store: state.shown.retention) {
            line.append(policy.spelledOut, isOwn ? .text : .dim)
            line.append(isOwn ? " (this queue's own)" : " (the store's policy)", .dim)
        } else {
            line.append("the store's policy", .dim)
        }
        buffer.draw(line, x: 1, y: row, width: buffer.width - 2)
    }

    /// The RETAIN cell: `7d/30d/7d` (completed/failed/canceled), in the dim style while the queue follows the
    /// store's policy, so the queues with a policy of their own stand out.
    static func retainCell(_ queue: QueueRecord, store: RetentionSettings?, fill: ThemeRole?) -> StyledLine {
        guard let (policy, isOwn) = RetentionText.policy(of: queue, store: store) else {
            return StyledLine("—", CellStyle(.ui(.dim), fill: fill))
        }
        guard isOwn else { return StyledLine(policy.compact, CellStyle(.ui(.dim), fill: fill)) }
        return StyledLine(policy.compact, fill == nil ? .text : CellStyle(.ui(.selection)))
    }
}
