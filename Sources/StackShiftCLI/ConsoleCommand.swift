import ArgumentParser
import Foundation
import JobStore

/// `stackshift console`: the live TUI over a database.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Watch queues, runs, steps and logs live; retry, cancel, and ask why a run is not moving.",
        discussion: "Press ? inside the console for every key.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Hide and disable every action that changes data.") var readOnly = false
    @Option(help: "The theme to start with: default, light, high-contrast, colorblind, monochrome.") var theme: String?
    @OptionGroup var themes: ThemesDirectoryOption

    func run() async throws {
        try await reportingErrors {
            let store = try database.openStore(readOnly: readOnly)
            try await runConsole(
                store: store,
                options: ConsoleOptions(
                    readOnly: readOnly, themeName: theme, themesDirectory: themes.resolvedDirectory(),
                    storeLabel: try database.path()))
        }
    }
}

/// `--themes-dir`: where theme files live.
struct ThemesDirectoryOption: ParsableArguments {
    @Option(help: "The folder of theme YAML files (default: STACKSHIFT_THEMES, else ./themes).")
    var themesDir: String?

    /// The folder to read: the flag, the environment, `./themes`, or the themes shipped with this checkout.
    func resolvedDirectory() -> String? {
        if let themesDir { return themesDir }
        if let fromEnvironment = ProcessInfo.processInfo.environment["STACKSHIFT_THEMES"] { return fromEnvironment }
        let local = FileManager.default.currentDirectoryPath + "/themes"
        if FileManager.default.fileExists(atPath: local) { return local }
        // A binary run from its build folder finds the checkout's themes beside `.build`.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("themes").path
            if FileManager.default.fileExists(atPath: candidate + "/default.yaml") { return candidate }
        }
        return nil
    }
}
