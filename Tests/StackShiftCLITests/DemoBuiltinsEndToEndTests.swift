import Foundation
import Testing

/// The scenarios, the tour and the themes are built into the binary: an installed `stackshift`, run from a
/// folder outside any checkout, has them all. Before, `cd /tmp && stackshift demo --scenario incident` said
/// "no scenario file incident; run from the StackShift checkout".
@Suite("The demo's built-in scenarios, tour and themes", .temporaryFolders, .timeLimit(.minutes(5)))
struct DemoBuiltinsEndToEndTests {
    /// An installed binary: the built `stackshift` linked into a temporary folder with no checkout above it
    /// (so nothing can be found beside the build folder), and an empty working folder to run it from.
    struct Installed {
        let binary: String
        let workingFolder: String

        init() throws {
            let folder = try temporaryDirectory()
            let bin = folder.appendingPathComponent("bin")
            let work = folder.appendingPathComponent("work")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let built = CLIProcess.productsDirectory().appendingPathComponent("stackshift")
            let installed = bin.appendingPathComponent("stackshift")
            // A hard link, not a symbolic one: the binary must not resolve back into the checkout.
            do {
                try FileManager.default.linkItem(at: built, to: installed)
            } catch {
                try FileManager.default.copyItem(at: built, to: installed)
            }
            binary = installed.path
            workingFolder = work.path
        }

        /// Runs the installed binary with `arguments`, in the working folder.
        func run(_ arguments: [String]) async throws -> CLIProcess.Output {
            try await CLIProcess.shell(#"cd "$0" && exec "$@""#, arguments: [workingFolder, binary] + arguments)
        }
    }

    @Test("themes check with no themes folder checks the five themes built into the binary")
    func themesCheckBuiltins() async throws {
        let installed = try Installed()
        let output = try await installed.run(["themes", "check"])
        #expect(output.status == 0, "\(output.stderr)")
        for name in ["default", "light", "high-contrast", "colorblind", "monochrome"] {
            #expect(output.stdout.contains("ok    built-in/\(name).yaml (theme \(name))"), "\(output.stdout)")
        }
        #expect(output.stdout.hasSuffix("5 passed, 0 failed\n") || output.stdout.hasSuffix("5 passed, 0 failed"))
    }

    @Test("demo --list names each built-in scenario with one line on what it shows")
    func list() async throws {
        let installed = try Installed()
        let output = try await installed.run(["demo", "--list"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.isEmpty)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let onboarding = try #require(lines.first { $0.hasPrefix("  onboarding ") }, "\(output.stdout)")
        let incident = try #require(lines.first { $0.hasPrefix("  incident ") }, "\(output.stdout)")
        #expect(onboarding.contains("healthy") && onboarding.hasSuffix("(default)"))
        #expect(incident.contains("five planted faults"))
    }

    @Test("demo --scenario incident runs headless from a folder outside the checkout")
    func incidentFromAnywhere() async throws {
        let installed = try Installed()
        let path = installed.workingFolder + "/incident.sqlite"
        let output = try await installed.run([
            "demo", "--headless", "--duration", "2s", "--scenario", "incident", "--db", path,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("demo: running incident (built in) headless for 2s"), "\(output.stdout)")
        #expect(output.stdout.contains("Demo \"Incident\": seed 7"), "\(output.stdout)")
        #expect(output.stdout.contains("Planted faults:"), "\(output.stdout)")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("a scenario that is neither a file nor a built-in name is one line naming the built-in ones")
    func unknownScenario() async throws {
        let installed = try Installed()
        // A path names a file, and there is none here (the checkout's demo/ is not looked for).
        let cases = [("nope", "no scenario named nope"), ("demo/incident.yaml", "no scenario file demo/incident.yaml")]
        for (value, problem) in cases {
            let output = try await installed.run(["demo", "--headless", "--scenario", value])
            #expect(output.status == 1)
            #expect(
                output.stderr
                    == "stackshift: \(problem): the built-in scenarios are onboarding, incident; "
                    + "or give the path of a scenario file\n")
            #expect(output.stdout.isEmpty)
        }
        // Nothing was created for a refused scenario.
        #expect(try FileManager.default.contentsOfDirectory(atPath: installed.workingFolder).isEmpty)
    }

    @Test("demo --tour --theme light opens the tour on the incident, and every built-in theme opens, from any folder")
    func tourAndThemeFromAnywhere() async throws {
        let installed = try Installed()
        let path = installed.workingFolder + "/tour.sqlite"
        let session = try await TmuxSession.start(
            [
                "sh", "-c", #"cd "$0" && exec "$@""#, installed.workingFolder, installed.binary,
                "demo", "--tour", "--theme", "light", "--db", path,
            ], width: 160, height: 48)
        defer { session.kill() }
        try await session.waitFor(all: "Tour · step 1 of", "theme light")
        try await session.send("q")
        try await session.waitFor("EXIT:0")

        // The other four built-in themes, by name, on the database the demo left.
        for theme in ["default", "high-contrast", "colorblind", "monochrome"] {
            let console = try await TmuxSession.start(
                [
                    "sh", "-c", #"cd "$0" && exec "$@""#, installed.workingFolder, installed.binary, "console",
                    "--db", path, "--theme", theme,
                ], width: 160, height: 48)
            defer { console.kill() }
            // An unknown theme would end it at once with `no theme named …` and status 1.
            try await console.waitFor("◆ StackShift")
            try await console.send("q")
            try await console.waitFor("EXIT:0")
        }
    }
}
