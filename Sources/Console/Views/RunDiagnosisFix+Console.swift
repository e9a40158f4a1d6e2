import JobStore

extension RunDiagnosis.Fix {
    /// The fix as the console's user acts on it: by key where one does it (`retry it: press r`). A shell command
    /// is never shown as if it could be typed here; without a key, it is named as one to run in a shell, quoted,
    /// with the console's own `--db` (`databaseArguments`).
    public func consoleText(databaseArguments: [String]) -> String {
        if let consoleKey { return "\(summary): press \(consoleKey)" }
        guard let command else { return summary }
        return "\(summary): in a shell, " + ShellCommand.stackshift(command, databaseArguments: databaseArguments)
    }
}
