/// A problem in a YAML file (a demo scenario, the tour), naming the file, the line and the field.
///
/// Its description reads like a compiler diagnostic, so an editor or terminal can jump to it:
/// `demo/incident.yaml:14:5: faults.crashedWorker.runz: unknown field (expected one of: runs, lease, workerId)`.
public struct YAMLFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as it was named to the loader.
    public var file: String
    /// The 1-based line, when the problem has a place in the file.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// The field's dotted path (`faults.flakyProvider.failureProbability`, `steps[2].text`); nil for
    /// problems of the whole file (unreadable, not YAML).
    public var field: String?
    /// What is wrong, and what would be right.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `file:line:column: field: message`.
    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): " + (field.map { "\($0): " } ?? "") + message
    }
}
