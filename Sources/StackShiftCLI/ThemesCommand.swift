import ArgumentParser
import Console
import Foundation

/// `stackshift themes …`: validate theme files.
struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes", abstract: "Check the console's theme files.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every theme file: unknown keys warn, missing roles fall back to the default.")

        @OptionGroup var themes: ThemesDirectoryOption
        @Argument(
            help:
                "Theme files to check (default: every .yaml in the themes folder, or the built-in themes without one)."
        ) var files: [String] = []

        func run() async throws {
            try await reportingErrors {
                var paths = files
                // With no files and no themes folder, the themes built into this binary are what the console
                // uses: check those.
                var builtins: [(file: String, yaml: String)] = []
                if paths.isEmpty {
                    if let directory = themes.resolvedDirectory() {
                        paths = try FileManager.default.contentsOfDirectory(atPath: directory)
                            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                            .map { directory + "/" + $0 }
                    } else {
                        builtins = Theme.builtinYAML.map { ("built-in/\($0.name).yaml", $0.yaml) }
                    }
                }
                let inputs =
                    try builtins
                    + paths.map { path -> (file: String, yaml: String) in
                        guard let yaml = try? String(contentsOfFile: path, encoding: .utf8) else {
                            throw CLIError("cannot read theme file \(path)")
                        }
                        return (path, yaml)
                    }
                let reports = ThemeCheck.check(files: inputs)
                for report in reports {
                    StandardStreams.out(
                        "\(report.isValid ? (report.problems.isEmpty ? "ok  " : "warn") : "FAIL")  \(report.file)"
                            + " (theme \(report.themeName))")
                    for problem in report.problems { StandardStreams.out("      \(problem)") }
                }
                let failed = reports.filter { !$0.isValid }.count
                StandardStreams.out("\(reports.count - failed) passed, \(failed) failed")
                if failed > 0 { throw ExitCode.failure }
            }
        }
    }
}
