import Foundation
import Yams

/// One step of a field's path in a YAML document.
enum FieldPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)

    init(_ key: any CodingKey) {
        // Yams names sequence positions "Index N" with an integer value; mapping keys have no integer.
        if let index = key.intValue {
            self = .index(index)
        } else {
            self = .key(key.stringValue)
        }
    }

    /// Dotted display: `faults.crashedWorker.runs`, `steps[2].text`.
    static func display(_ path: [FieldPathComponent]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// A field that is unknown, missing or holds a bad value; the loader turns it into a ``YAMLFileError``
/// with the line the field is on.
public struct FieldProblem: Error, Sendable {
    /// Which part of the field is wrong, so the error points at the right line.
    public enum Kind: Sendable {
        /// The key itself is wrong: point at the key.
        case unknownKey
        /// The key is fine, its value is not: point at the value.
        case badValue
        /// The key is absent: point at the mapping that should hold it.
        case missing
    }

    var kind: Kind
    var path: [FieldPathComponent]
    var message: String

    /// A problem at `path` (the decoder's coding path plus the key), with what would be right.
    public init(_ kind: Kind, path: [any CodingKey], message: String) {
        self.kind = kind
        self.path = path.map(FieldPathComponent.init)
        self.message = message
    }
}

extension FieldProblem {
    /// Translates the decoder's own errors (text where a number was expected, …) into field problems.
    init(decodingError: DecodingError) {
        switch decodingError {
        case .typeMismatch(let type, let context):
            self.init(.badValue, path: context.codingPath, message: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            self.init(.badValue, path: context.codingPath, message: "expected \(Self.describe(type)), found nothing")
        case .keyNotFound(let key, let context):
            self.init(.missing, path: context.codingPath + [key], message: "missing required field")
        case .dataCorrupted(let context):
            self.init(.badValue, path: context.codingPath, message: context.debugDescription)
        @unknown default:
            self.init(.badValue, path: [], message: "\(decodingError)")
        }
    }

    /// Plain words for the types a demo file holds.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type: "a whole number"
        case is UInt64.Type, is UInt.Type: "a whole number at or above 0"
        case is Bool.Type: "true or false"
        case is String.Type: "text"
        case is Node.Mapping.Type: "a mapping of fields (name: value lines)"
        case is Node.Sequence.Type: "a list (lines starting with -)"
        case is Node.Scalar.Type: "a single value, not a mapping or a list"
        default: "\(type)"
        }
    }
}
