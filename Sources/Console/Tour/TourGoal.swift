/// What the user does in the console that completes a tour step: the `doneWhen` values of a tour file.
/// The console decides how to detect each one, after every action it reduces.
public enum TourGoal: String, Sendable, Hashable, CaseIterable {
    /// Opened a run's view.
    case openedRun
    /// Looked at a run's timeline: switched to the Timeline section, or moved through it.
    case viewedTimeline
    /// Opened the Waits view.
    case openedWaits
    /// Opened the "why is this run not moving?" panel.
    case askedWhy
    /// An event was sent successfully.
    case sentEvent
    /// A run was retried successfully.
    case retriedRun
}
