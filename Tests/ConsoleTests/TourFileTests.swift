import Console
import Foundation
import Testing
import YAMLFiles

/// The repository's `demo/tour.yaml`, found from this file so tests run from any working directory.
private let shippedTourPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("demo/tour.yaml").path

@Suite("Tour files: one model, loaded strictly")
struct TourFileTests {
    @Test("the shipped tour loads its nine steps, is the fixture the console tests use, and names its scenario")
    func shippedTour() throws {
        let tour = try Tour.load(path: shippedTourPath)
        #expect(tour.steps.map(\.goal) == TourGoal.allCases)
        #expect(tour.steps == Fixtures.tourSteps)
        #expect(tour.title == Fixtures.tour.title)
        #expect(tour.steps.allSatisfy { !$0.title.isEmpty && !$0.text.isEmpty && !$0.text.hasSuffix("\n") })
        let scenario = URL(fileURLWithPath: shippedTourPath).deletingLastPathComponent()
            .appendingPathComponent("incident.yaml").path
        #expect(tour.scenarioPath(relativeTo: shippedTourPath) == scenario)
        #expect(TourState(tour) == Fixtures.tour)
    }

    @Test("the built-in tour is demo/tour.yaml, byte for byte, and names the built-in incident")
    func builtinTourIsTheFile() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: shippedTourPath))
        // Bytes, not decoded text: a changed line ending or a lost final newline is drift too.
        #expect(
            Data(Tour.builtinYAML.utf8) == bytes,
            "the built-in tour differs from demo/tour.yaml: copy the file into Tour+Builtin.swift")
        let tour = try Tour.builtin()
        #expect(tour == (try Tour.load(path: shippedTourPath)))
        #expect(tour.scenario == "incident.yaml")
    }

    static let twoSteps = """
        title: T
        steps:
          - id: one
            title: One
            text: Do one thing.
            doneWhen: openedRun
          - id: two
            title: Two
            text: Do another.
        """

    @Test(
        "a bad tour is refused at the line and field of its first problem",
        arguments: [
            (twoSteps, 7, "steps[1].doneWhen", "missing required field"),
            (twoSteps + "\n    doneWhen: sentEvent\n    hint: x\n", 11, "steps[1].hint", "unknown field (expected one"),
            (twoSteps + "\n    doneWhen: sentEvnt\n", 10, "steps[1].doneWhen", "\"sentEvnt\" is not one of: openedRun"),
            (
                twoSteps.replacingOccurrences(of: "id: two", with: "id: one") + "\n    doneWhen: sentEvent\n", 7,
                "steps[1].id", "step id \"one\" is used twice"
            ),
            ("title: T\nsteps: []\n", 2, "steps", "a tour needs at least one step"),
            ("title: T\n", 1, "steps", "missing required field"),
            ("title: T\nstep: []\n", 2, "step", "unknown field (expected one of: title, scenario, steps)"),
            ("steps:\n  - id: a\n    title: ''\n", 3, "steps[0].title", "must not be empty"),
            (
                "steps:\n  - id: a\n    title: A\n    text: x\n    doneWhen: openedRun\n    keys: j\n", 6,
                "steps[0].keys", "expected a list (lines starting with -)"
            ),
            ("steps: 3\n", 1, "steps", "expected a list"),
        ] as [(String, Int, String, String)])
    func badTour(yaml: String, line: Int, field: String, message: String) throws {
        let error = try #require(throws: YAMLFileError.self) { try Tour.decode(yaml: yaml, file: "tour.yaml") }
        #expect(error.line == line, "\(error)")
        #expect(error.field == field, "\(error)")
        #expect(error.message.hasPrefix(message), "\(error)")
        #expect(error.description.hasPrefix("tour.yaml:\(line):"))
    }

    @Test("YAML that does not parse, an empty file and a missing file are one clear line each")
    func unreadable() throws {
        let syntax = try #require(throws: YAMLFileError.self) {
            try Tour.decode(yaml: "title: [T\nsteps: 3\n", file: "tour.yaml")
        }
        #expect(syntax.line != nil && syntax.message.hasPrefix("not valid YAML"))
        let empty = try #require(throws: YAMLFileError.self) { try Tour.decode(yaml: "", file: "tour.yaml") }
        #expect(empty.description == "tour.yaml:1: the file is empty")
        let missing = try #require(throws: YAMLFileError.self) { try Tour.load(path: "/nonexistent/tour.yaml") }
        #expect(missing.line == nil && missing.description.hasPrefix("/nonexistent/tour.yaml: cannot read the file"))
        let twice = try #require(throws: YAMLFileError.self) {
            try Tour.decode(yaml: "title: A\ntitle: B\nsteps: []\n", file: "tour.yaml")
        }
        #expect(twice.message == "the field is given more than once")
    }
}
