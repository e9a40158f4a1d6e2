import Foundation
import Yams

/// Reads a tour file strictly from its YAML node tree, where every node keeps its line and column, so
/// each problem is reported at the key or value it is about (a typo must not silently drop a step).
struct TourFileReader {
    /// The file, for errors.
    let file: String

    private static let tourFields = ["title", "scenario", "steps"]
    private static let stepFields = ["id", "title", "text", "keys", "doneWhen"]

    /// The tour the text describes, or its first problem.
    func read(_ yaml: String) throws(TourFileError) -> Tour {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw TourFileError(file: file, line: 1, message: "the file is empty")
            }
            root = node
        } catch let error as TourFileError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw TourFileError(file: file, message: "not valid YAML: \(error)")
        }
        let fields = try members(of: root, path: "", allowed: Self.tourFields)
        let title = try text(fields["title"], path: "title") ?? "Tour"
        let scenario = try text(fields["scenario"], path: "scenario")
        guard let stepsNode = fields["steps"], stepsNode.value.null == nil else {
            throw problem(at: root.mark, field: "steps", "missing required field")
        }
        guard let items = stepsNode.value.sequence else {
            throw problem(at: stepsNode.value.mark, field: "steps", "expected a list (lines starting with -)")
        }
        guard !items.isEmpty else {
            throw problem(at: stepsNode.value.mark, field: "steps", "a tour needs at least one step")
        }
        var steps: [TourStep] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let step = try self.step(item, path: "steps[\(index)]")
            guard seen.insert(step.id).inserted else {
                let idNode = item.mapping?.first { $0.key.string == "id" }?.value
                throw problem(at: idNode?.mark, field: "steps[\(index)].id", "step id \"\(step.id)\" is used twice")
            }
            steps.append(step)
        }
        return Tour(title: title, scenario: scenario, steps: steps)
    }

    private func step(_ node: Node, path: String) throws(TourFileError) -> TourStep {
        let fields = try members(of: node, path: path, allowed: Self.stepFields)
        func required(_ key: String) throws(TourFileError) -> String {
            guard let value = try text(fields[key], path: "\(path).\(key)") else {
                throw problem(at: node.mark, field: "\(path).\(key)", "missing required field")
            }
            return value
        }
        let id = try required("id")
        let title = try required("title")
        // Folded YAML text (`>`) ends with a newline; the panel wraps the text itself.
        let body = try required("text").trimmingCharacters(in: .whitespacesAndNewlines)
        let goalText = try required("doneWhen")
        guard let goal = TourGoal(rawValue: goalText) else {
            let allowed = TourGoal.allCases.map(\.rawValue).joined(separator: ", ")
            throw problem(
                at: fields["doneWhen"]?.value.mark, field: "\(path).doneWhen",
                "\"\(goalText)\" is not one of: \(allowed)")
        }
        return TourStep(
            id: id, title: title, text: body, keys: try keys(fields["keys"], path: "\(path).keys"), goal: goal)
    }

    /// The members of a mapping by key, refusing keys not in `allowed` at the key's line.
    private func members(
        of node: Node, path: String, allowed: [String]
    ) throws(TourFileError) -> [String: (
        key: Node, value: Node
    )] {
        guard let mapping = node.mapping else {
            throw problem(at: node.mark, field: path, "expected a mapping of fields (name: value lines)")
        }
        var found: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            let field = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                throw problem(
                    at: key.mark, field: field, "unknown field (expected one of: \(allowed.joined(separator: ", ")))")
            }
            found[name] = (key, value)
        }
        return found
    }

    /// Text that is absent (nil) or present and not empty.
    private func text(_ member: (key: Node, value: Node)?, path: String) throws(TourFileError) -> String? {
        guard let member, member.value.null == nil else { return nil }
        guard let scalar = member.value.scalar else {
            throw problem(at: member.value.mark, field: path, "expected text")
        }
        guard !scalar.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw problem(at: member.value.mark, field: path, "must not be empty")
        }
        return scalar.string
    }

    /// A list of key names, `[j, k, Enter]`; empty when absent.
    private func keys(_ member: (key: Node, value: Node)?, path: String) throws(TourFileError) -> [String] {
        guard let member, member.value.null == nil else { return [] }
        guard let items = member.value.sequence else {
            throw problem(at: member.value.mark, field: path, "expected a list of keys, like [j, k, Enter]")
        }
        var keys: [String] = []
        for (index, item) in items.enumerated() {
            guard let scalar = item.scalar else {
                throw problem(at: item.mark, field: "\(path)[\(index)]", "expected text")
            }
            keys.append(scalar.string)
        }
        return keys
    }

    private func problem(at mark: Mark?, field: String, _ message: String) -> TourFileError {
        TourFileError(
            file: file, line: mark?.line, column: mark?.column, field: field.isEmpty ? nil : field, message: message)
    }

    /// A YAML syntax error, with the line the parser stopped at.
    private func syntaxError(_ error: YamlError) -> TourFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return TourFileError(
                file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return TourFileError(
                file: file, line: context.mark.line, column: context.mark.column,
                field: duplicates.sorted().joined(separator: ", "), message: "the field is given more than once")
        default:
            return TourFileError(file: file, message: "not valid YAML: \(error)")
        }
    }
}
