/// The guided tour in progress: its steps, the one being taught, which are done, and whether it shows.
/// Steps are done in order: only the current step's goal is watched.
public struct TourState: Sendable, Hashable {
    /// The tour's title.
    public var title: String
    /// The steps, in order.
    public private(set) var steps: [TourStep]
    /// The index of the step being taught; equal to the step count once the tour is complete.
    public private(set) var current: Int
    /// Whether each step is done, by index.
    public private(set) var done: [Bool]
    /// Whether the panel (or, on narrow screens, the bar) is shown; hiding it does not stop the tour.
    public var isVisible: Bool
    /// The effect the current step waits for, once its fix was made (a retried run completing, a resumed
    /// queue draining); nil before the fix, or for steps done by an action alone.
    public var awaiting: TourAwait?

    /// Creates a tour at its first step, shown.
    public init(title: String = "Tour", steps: [TourStep], isVisible: Bool = true) {
        self.title = title
        self.steps = steps
        self.current = 0
        self.done = Array(repeating: false, count: steps.count)
        self.isVisible = isVisible
    }

    /// Creates a tour state for a tour file's steps, at its first step, shown.
    public init(_ tour: Tour, isVisible: Bool = true) {
        self.init(title: tour.title, steps: tour.steps, isVisible: isVisible)
    }

    /// Whether every step is done.
    public var isComplete: Bool { current >= steps.count }

    /// The step being taught; nil once the tour is complete.
    public var currentStep: TourStep? { isComplete ? nil : steps[current] }

    /// How many steps are done.
    public var doneCount: Int { done.filter { $0 }.count }

    /// Marks the current step done and moves on to the next.
    public mutating func advance() {
        guard !isComplete else { return }
        done[current] = true
        current += 1
        awaiting = nil
    }
}

/// The effect of a fix a tour step waits to see in the store before it is done.
public enum TourAwait: Sendable, Hashable {
    /// The run retried completes.
    case runCompleted(String)
    /// One of the runs a bulk retry re-queued completes.
    case anyRunCompleted(Set<String>)
    /// The queue resumed has no queued runs left.
    case queueDrained(String)
}
