import ArgumentParser

/// The `stackshift` command: the console, the demo, and a command for every console action.
public struct StackShiftCommand: AsyncParsableCommand {
    /// The command's name, abstract and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "stackshift",
        abstract: "Durable jobs for backend work, and a live console for the engineer on call.",
        discussion: """
            Every command takes --db PATH (or the STACKSHIFT_DB environment variable) naming the \
            database the engine uses.
            """,
        subcommands: [
            DemoCommand.self, ConsoleCommand.self, RunsCommand.self, QueuesCommand.self, EventsCommand.self,
            StatusCommand.self, StateCommand.self, SchedulesCommand.self, WorkersCommand.self, FailuresCommand.self,
            AuditCommand.self, ServeCommand.self, KeysCommand.self,
            ThemesCommand.self, MigrateCommand.self,
            BenchCommand.self, BenchWorkerCommand.self,
        ]
    )

    /// Creates the command (ArgumentParser needs it).
    public init() {}
}
