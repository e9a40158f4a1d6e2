/// A problem in a tour file, naming the file, the line and the field.
///
/// Its description reads like a compiler diagnostic, so an editor or terminal can jump to it:
/// `demo/tour.yaml:11:5: steps[1].hint: unknown field (expected one of: id, title, text, keys, doneWhen)`.
public struct TourFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as it was named to the loader.
    public var file: String
    /// The 1-based line, when the problem has a place in the file.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// The field's path (`steps[2].text`); nil for problems of the whole file.
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
