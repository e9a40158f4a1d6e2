/// What the user does in the console that completes a tour step: the `doneWhen` values of a tour file.
/// The console decides how to detect each one, after every action it reduces.
public enum TourGoal: String, Sendable, Hashable, CaseIterable {
    /// Opened a run's view.
    case openedRun
    /// Looked at a run's timeline: switched to the Timeline section, or moved through it.
    case viewedTimeline
    /// A paused queue was resumed, and then drained: no queued runs left.
    case resumedQueue
    /// Opened the Waits view.
    case openedWaits
    /// Opened the "why is this run not moving?" panel.
    case askedWhy
    /// An event was sent and a waiting run took it (resumed).
    case sentEvent
    /// A run's Attempts section was shown with a crashed attempt (a worker died holding it).
    case inspectedCrash
    /// A lock was released.
    case releasedLock
    /// A run was retried, and then completed: the fix took effect, not just the key press.
    case retriedRun
}
