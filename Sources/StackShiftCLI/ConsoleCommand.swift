import ArgumentParser
import DurableJobs
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
            let location = try database.location()
            let readOnly = readOnly
            let durability = try database.chosenDurability()
            try await runConsole(
                operations: try await database.operations(readOnly: readOnly),
                options: ConsoleOptions(
                    readOnly: readOnly, themeName: theme, themesDirectory: themes.resolvedDirectory(),
                    storeLabel: try database.label(), databaseArguments: database.suggestedArguments(),
                    databaseFile: DatabaseOptions.isPostgres(location) ? nil : location,
                    // A database file put back while the console is open (a restored backup) is opened again.
                    reopen: {
                        try await DatabaseOptions.operations(
                            location: location, readOnly: readOnly, durability: durability)
                    }))
        }
    }
}

/// `--themes-dir`: where theme files live.
struct ThemesDirectoryOption: ParsableArguments {
    @Option(help: "The folder of theme YAML files (default: STACKSHIFT_THEMES, else ./themes).")
    var themesDir: String?

    func validate() throws {
        var isDirectory: ObjCBool = false
        if let themesDir, !FileManager.default.fileExists(atPath: themesDir, isDirectory: &isDirectory) {
            throw ValidationError("--themes-dir \(themesDir): no such folder")
        }
        if let themesDir, !isDirectory.boolValue {
            throw ValidationError("--themes-dir \(themesDir) is a file; give the folder that holds theme files")
        }
    }

    /// The folder to read: the flag, the environment, `./themes`, or the themes shipped with this checkout.
    func resolvedDirectory() -> String? {
        if let themesDir { return themesDir }
        if let fromEnvironment = ProcessInfo.processInfo.environment["STACKSHIFT_THEMES"] { return fromEnvironment }
        return CheckoutResource.find("themes/default.yaml").map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().path
        }
    }
}
