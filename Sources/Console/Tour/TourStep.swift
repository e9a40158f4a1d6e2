/// One step of the guided tour: a title, a short text, the keys it teaches, and the goal that completes it.
/// `demo/tour.yaml` holds these (the goal under `doneWhen`); the console shows them as they are.
public struct TourStep: Sendable, Hashable {
    /// A stable id (`open-run`).
    public var id: String
    /// The step's title.
    public var title: String
    /// What to do, in a sentence or two; the panel wraps it.
    public var text: String
    /// The keys the step teaches (`j`, `Enter`).
    public var keys: [String]
    /// What completes the step.
    public var goal: TourGoal

    /// Creates a step.
    public init(id: String, title: String, text: String, keys: [String] = [], goal: TourGoal) {
        self.id = id
        self.title = title
        self.text = text
        self.keys = keys
        self.goal = goal
    }
}
