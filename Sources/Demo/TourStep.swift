import Foundation

/// What the user does in the console that completes a tour step. The console decides how to detect it.
public enum TourTrigger: String, Sendable, Hashable, CaseIterable, Codable {
    /// Opened any run's detail view.
    case openedRun
    /// Scrolled or viewed a run's timeline.
    case viewedTimeline
    /// Opened the Waits view.
    case openedWaits
    /// Asked why (`w`) on a run that is not terminal.
    case askedWhy
    /// Sent an event.
    case sentEvent
    /// Retried a failed run.
    case retriedRun
}

/// One step of the guided tour: a title, a short text, the keys it teaches, and what completes it.
public struct TourStep: Sendable, Hashable, Decodable {
    /// A stable id (`open-run`).
    public var id: String
    /// The step's title.
    public var title: String
    /// What to do, in a sentence or two.
    public var text: String
    /// The keys the step teaches, for the panel to show.
    public var keys: [String]
    /// The action that completes the step.
    public var doneWhen: TourTrigger

    /// Creates a step.
    public init(id: String, title: String, text: String, keys: [String] = [], doneWhen: TourTrigger) {
        self.id = id
        self.title = title
        self.text = text
        self.keys = keys
        self.doneWhen = doneWhen
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, text, keys, doneWhen
    }

    /// Decodes strictly: unknown fields are refused and the text fields must not be empty.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        id = try fields.requiredText(.id)
        title = try fields.requiredText(.title)
        // Folded YAML text (`>`) ends with a newline; the panel wraps the text itself.
        text = try fields.requiredText(.text).trimmingCharacters(in: .whitespacesAndNewlines)
        keys = try fields.value(.keys, default: [])
        guard let trigger = try fields.choice(.doneWhen, as: TourTrigger.self) else { throw fields.missing(.doneWhen) }
        doneWhen = trigger
    }
}
