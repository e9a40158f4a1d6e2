import Foundation
import Yams

/// Loads a demo YAML file into a `Decodable` value, reporting every problem as a ``YAMLFileError`` that
/// names the file, the line and the field.
///
/// The file is composed into a node tree first (which keeps each node's line and column), decoded from
/// that tree, and any decoding problem's coding path is walked back through the tree to its line.
public enum StrictYAML {
    /// Reads and decodes the file at `path`.
    public static func load<T: Decodable>(_ type: T.Type, path: String) throws -> T {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw YAMLFileError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try decode(type, yaml: text, file: path)
    }

    /// Decodes YAML text; `file` names it in errors.
    public static func decode<T: Decodable>(_ type: T.Type, yaml: String, file: String) throws -> T {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw YAMLFileError(file: file, line: 1, message: "the file is empty")
            }
            root = node
        } catch let error as YAMLFileError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw YAMLFileError(file: file, message: "not valid YAML: \(error)")
        }
        do {
            return try YAMLDecoder().decode(T.self, from: root)
        } catch let problem as FieldProblem {
            throw locate(problem, in: root, file: file)
        } catch let error as DecodingError {
            throw locate(FieldProblem(decodingError: error), in: root, file: file)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        }
    }

    /// Places a field problem on its line: the key for an unknown key, the value for a bad value, the
    /// enclosing field for a missing one.
    static func locate(_ problem: FieldProblem, in root: Node, file: String) -> YAMLFileError {
        let found = walk(problem.path, from: root)
        let mark: Mark?
        switch problem.kind {
        case .unknownKey: mark = found.keyMark ?? found.valueMark
        case .badValue: mark = found.valueMark ?? found.keyMark
        case .missing: mark = found.parentKeyMark ?? found.parentMark
        }
        let field = FieldPathComponent.display(problem.path)
        return YAMLFileError(
            file: file, line: mark?.line, column: mark?.column, field: field.isEmpty ? nil : field,
            message: problem.message)
    }

    /// Where a path leads in the node tree.
    struct Found {
        /// The key of the path's last component, when it exists.
        var keyMark: Mark?
        /// The value of the path's last component, when it exists.
        var valueMark: Mark?
        /// The key naming the deepest existing mapping or sequence on the path.
        var parentKeyMark: Mark?
        /// The deepest existing mapping or sequence on the path.
        var parentMark: Mark?
    }

    static func walk(_ path: [FieldPathComponent], from root: Node) -> Found {
        var found = Found(parentMark: root.mark)
        var current = root
        var currentKeyMark: Mark?
        for (position, component) in path.enumerated() {
            found.parentMark = current.mark
            found.parentKeyMark = currentKeyMark
            var next: (key: Mark?, value: Node)?
            switch component {
            case .key(let key):
                if let pair = current.mapping?.first(where: { $0.key.string == key }) {
                    next = (pair.key.mark, pair.value)
                }
            case .index(let index):
                if let sequence = current.sequence, sequence.indices.contains(index) {
                    next = (sequence[index].mark, sequence[index])
                }
            }
            guard let next else { break }
            if position == path.count - 1 {
                found.keyMark = next.key
                found.valueMark = next.value.mark
            }
            currentKeyMark = next.key
            current = next.value
        }
        return found
    }

    /// A YAML syntax error, with the line the parser stopped at.
    public static func syntaxError(_ error: YamlError, file: String) -> YAMLFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return YAMLFileError(
                file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return YAMLFileError(
                file: file, line: context.mark.line, column: context.mark.column,
                field: duplicates.sorted().joined(separator: ", "), message: "the field is given more than once")
        default:
            return YAMLFileError(file: file, message: "not valid YAML: \(error)")
        }
    }
}
