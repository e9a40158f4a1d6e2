import JobStore

/// The most a text field takes, and what the field is called in the message shown when typing or a paste
/// is cut at that length.
///
/// The sizes are the store's own ``InputLimit``s wherever the text ends up in the store, so the console
/// never accepts a text the store would refuse after it was typed.
public struct FieldLimit: Sendable, Hashable {
    /// The most UTF-8 bytes the field takes.
    public var bytes: Int
    /// What the field holds, for the message: `search text`, `event name`.
    public var name: String

    /// Creates a limit.
    public init(bytes: Int, name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// A limit the store applies too.
    init(_ limit: InputLimit, name: String) {
        self.init(bytes: limit.bytes, name: name)
    }

    /// The runs filter: a search text the store looks for.
    public static let runSearch = FieldLimit(.search, name: "search text")
    /// The search inside a run view section: the store's search limit, as for the runs filter, though the
    /// console alone searches.
    public static let sectionSearch = FieldLimit(.search, name: "search text")
    /// The queues, waits and events filters: matched against names and keys, which are never longer.
    public static let nameFilter = FieldLimit(.key, name: "filter")
    /// The state view's key prefix.
    public static let keyPrefix = FieldLimit(.key, name: "key prefix")
    /// The `:` command line: a command and a name or id.
    public static let commandLine = FieldLimit(.name, name: "command line")
    /// An event's name.
    public static let eventName = FieldLimit(.name, name: "event name")
    /// An event's correlation key.
    public static let eventKey = FieldLimit(.key, name: "correlation key")
    /// A JSON payload.
    public static let payload = FieldLimit(.payload, name: "payload")
    /// A duration such as `1h30m`: the duration parser looks at no more than 64 characters.
    public static let duration = FieldLimit(bytes: 64, name: "duration")

    /// The `/` filter's limit in a view: the store's search limit where the store searches, the key limit
    /// where the filter is a key prefix or matched against names and keys.
    public static func filter(in view: ConsoleView) -> FieldLimit {
        switch view {
        case .runs: .runSearch
        case .state: .keyPrefix
        default: .nameFilter
        }
    }

    /// `search text cut at its limit, 1,024 bytes: 9 characters left out`: short, as the status line shows it
    /// beside the text.
    public func cutMessage(refused: Int) -> String {
        let size = InputLimit(bytes: bytes, advice: "").text
        return
            "\(name) cut at its limit, \(size): \(Format.count(refused)) character\(refused == 1 ? "" : "s") left out"
    }
}
