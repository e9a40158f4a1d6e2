import Foundation
import YAMLFiles

/// The guided tour: steps that teach the console on the live demo, as `demo/tour.yaml` writes them.
///
/// The format:
/// ```yaml
/// title: Find out why runs are not moving
/// scenario: incident.yaml    # the scenario the tour is written for, relative to this file
/// steps:
///   - id: open-run
///     title: Open a run
///     text: Move with j and k, then press Enter to open one.
///     keys: [j, k, Enter]
///     doneWhen: openedRun      # a TourGoal
/// ```
public struct Tour: Sendable, Hashable, Decodable {
    /// The tour's title.
    public var title: String
    /// The scenario file the tour is written for, relative to the tour file (`incident.yaml`).
    public var scenario: String?
    /// The steps, in order; never empty, ids distinct.
    public var steps: [TourStep]

    /// The tour file, relative to the repository root.
    public static let defaultPath = "demo/tour.yaml"

    /// Creates a tour.
    public init(title: String = "Tour", scenario: String? = nil, steps: [TourStep]) {
        self.title = title
        self.scenario = scenario
        self.steps = steps
    }

    /// Loads and validates a tour file.
    ///
    /// - Throws: ``YAMLFileError`` naming the file, line and field of the first problem.
    public static func load(path: String) throws -> Tour {
        try StrictYAML.load(Tour.self, path: path)
    }

    /// Decodes and validates tour YAML; `file` names it in errors. Unknown fields, missing or empty
    /// texts, unknown goals, no steps and repeated step ids are refused at their line.
    public static func decode(yaml: String, file: String) throws -> Tour {
        try StrictYAML.decode(Tour.self, yaml: yaml, file: file)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case title, scenario, steps
    }

    /// Decodes strictly: a tour needs at least one step, each with a distinct id.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        title = try fields.text(.title, default: nil) ?? "Tour"
        scenario = try fields.text(.scenario, default: nil)
        steps = try fields.required(.steps)
        guard !steps.isEmpty else { throw fields.problem(.steps, "a tour needs at least one step") }
        var seen: Set<String> = []
        for (index, step) in steps.enumerated() where !seen.insert(step.id).inserted {
            let path: [any CodingKey] = [
                CodingKeys.steps, AnyCodingKey(intValue: index), AnyCodingKey(stringValue: "id"),
            ]
            throw FieldProblem(
                .badValue, path: decoder.codingPath + path, message: "step id \"\(step.id)\" is used twice")
        }
    }

    /// The path of the tour's scenario, resolved against the tour file's directory.
    public func scenarioPath(relativeTo tourPath: String) -> String? {
        guard let scenario else { return nil }
        if scenario.hasPrefix("/") { return scenario }
        return URL(fileURLWithPath: tourPath).deletingLastPathComponent().appendingPathComponent(scenario).path
    }
}
