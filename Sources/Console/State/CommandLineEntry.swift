/// One command the `:` line knows: its name, what it does, and whether it takes an argument.
public struct CommandLineEntry: Sendable, Hashable {
    /// What is typed after `:` (any unique prefix works too).
    public let name: String
    /// What it does, with its arguments.
    public let summary: String
    /// Whether Tab completing the name adds a space for an argument.
    public let takesArgument: Bool

    /// Creates an entry.
    public init(_ name: String, _ summary: String, takesArgument: Bool = false) {
        self.name = name
        self.summary = summary
        self.takesArgument = takesArgument
    }
}

extension ConsoleState {
    /// The commands the `:` line knows, in the order completion offers them.
    public static let lineCommands: [CommandLineEntry] = [
        CommandLineEntry(
            "overview", "the health of the whole system: :overview [window: 15m, 1h, 6h, 1d]",
            takesArgument: true),
        CommandLineEntry("queues", "show queues"),
        CommandLineEntry("runs", "show runs: :runs [queue] [status…]", takesArgument: true),
        CommandLineEntry("run", "open a run: :run <id>", takesArgument: true),
        CommandLineEntry("waits", "show waiting runs and unconsumed events"),
        CommandLineEntry("events", "show recent events"),
        CommandLineEntry("state", "show state values and locks: :state [prefix]", takesArgument: true),
        CommandLineEntry("schedules", "show schedules"),
        CommandLineEntry("workers", "show workers"),
        CommandLineEntry("audit", "show operator actions: who did what, and how it ended"),
        CommandLineEntry("failures", "what is failing, by cause: :failures [window, e.g. 1h]", takesArgument: true),
        CommandLineEntry("why", "why is a run not moving: :why [id]", takesArgument: true),
        CommandLineEntry("theme", "switch theme: :theme <name>", takesArgument: true),
        CommandLineEntry("freeze", "freeze the display (loading goes on underneath)"),
        CommandLineEntry("live", "show live data again"),
        CommandLineEntry("refresh", "reload now"),
        CommandLineEntry("help", "show keys"),
        CommandLineEntry("quit", "leave the console"),
    ]
}
