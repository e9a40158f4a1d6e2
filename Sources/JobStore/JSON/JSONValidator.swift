/// Why text is not valid JSON: what the parser expected, what it found, and where (1-based line and column).
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line of the problem, from 1.
    public var line: Int
    /// The column of the problem within its line, from 1 (in characters).
    public var column: Int
    /// The offset of the problem in Unicode scalars from the start of the text.
    public var offset: Int
    /// What would have been valid here (`',' or '}'`).
    public var expected: String
    /// What was there instead (`'x'`, `end of input`).
    public var found: String

    /// Creates an error.
    public init(line: Int, column: Int, offset: Int, expected: String, found: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.expected = expected
        self.found = found
    }

    /// `expected ',' or '}', found 'x'`.
    public var message: String { "expected \(expected), found \(found)" }

    /// `line 2, column 14: expected ',' or '}', found 'x'`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Checks JSON text strictly (RFC 8259) and explains the first problem with its position.
public enum JSONValidator {
    /// The first syntax error in `text`, or nil when it is exactly one valid JSON value.
    public static func check(_ text: String) -> JSONSyntaxError? {
        if case .failure(let error) = parse(text) { return error }
        return nil
    }

    /// The value, or the first syntax error with its position.
    public static func parse(_ text: String) -> Result<JSONValue, JSONSyntaxError> {
        var parser = JSONParser(Array(text.unicodeScalars))
        do {
            let value = try parser.parseDocument()
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}
