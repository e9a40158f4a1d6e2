import Foundation

/// A change to a run that does not end an attempt (a claim, a cancel, a retry, a promotion, a resume), worked
/// out from the run as read, for a driver to write: the run after it and the timeline entry that says so.
///
/// Drivers still validate the status change against ``RunStatus`` when they write it.
public struct RunUpdate: Sendable, Hashable {
    /// The run after the change.
    public var run: RunRecord
    /// What the timeline records.
    public var timelineKind: TimelineKind
    /// The step the entry names, if any.
    public var step: String?
    /// The timeline entry's message.
    public var message: String
    /// When the run joined its queue (the claim order), for a change that queues it; nil keeps the stored time.
    public var queuedAt: Date?

    /// Creates an update.
    public init(
        run: RunRecord, timelineKind: TimelineKind, step: String? = nil, message: String, queuedAt: Date? = nil
    ) {
        self.run = run
        self.timelineKind = timelineKind
        self.step = step
        self.message = message
        self.queuedAt = queuedAt
    }
}
