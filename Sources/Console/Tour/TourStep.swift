import Foundation
import YAMLFiles

/// One step of the guided tour: a title, a short text, the keys it teaches, and the goal that completes it.
/// `demo/tour.yaml` holds these (the goal under `doneWhen`); the console shows them as they are.
public struct TourStep: Sendable, Hashable, Decodable {
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

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, text, keys, doneWhen
    }

    /// Decodes strictly: unknown fields are refused, the texts must not be empty, and `doneWhen` names a
    /// ``TourGoal``.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        id = try fields.requiredText(.id)
        title = try fields.requiredText(.title)
        // Folded YAML text (`>`) ends with a newline; the panel wraps the text itself.
        text = try fields.requiredText(.text).trimmingCharacters(in: .whitespacesAndNewlines)
        keys = try fields.value(.keys, default: [])
        guard let goal = try fields.choice(.doneWhen, as: TourGoal.self) else { throw fields.missing(.doneWhen) }
        self.goal = goal
    }
}
