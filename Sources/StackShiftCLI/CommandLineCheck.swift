import ArgumentParser
import JobStore

/// Checks the raw command line before ArgumentParser reads it, for the two mistakes it would misreport.
///
/// An argument that is not valid UTF-8 would reach the commands with U+FFFD in place of its bytes (a key or a
/// path silently rewritten), so it is refused. An unknown command followed by options (`stackshift nosuch --db
/// x`) would be reported as an unknown *option*, so the command word is named instead.
public enum CommandLineCheck {
    /// The one-line problem with the arguments (program name first, as raw bytes), or nil when they may be parsed.
    public static func problem(in arguments: [[UInt8]]) -> String? {
        var words: [String] = []
        for (index, bytes) in arguments.enumerated() {
            guard let word = String(validating: bytes, as: UTF8.self) else {
                return "argument \(index) is not valid UTF-8 text; give names, keys and paths in UTF-8"
            }
            words.append(word)
        }
        return unknownCommand(in: Array(words.dropFirst()))
    }

    /// The problem with the command words: `stackshift runs lsit --db x` names `lsit` and the commands `runs` has.
    static func unknownCommand(in words: [String]) -> String? {
        var command = CommandName(StackShiftCommand.self)
        var path = ["stackshift"]
        for word in words {
            guard !command.subcommands.isEmpty, !command.hasDefault, !word.hasPrefix("-"), word != "help" else {
                return nil
            }
            guard let next = command.subcommands.first(where: { $0.names.contains(word) }) else {
                let names = command.subcommands.compactMap(\.names.first).filter { !$0.hasPrefix("bench-") }
                return "\(path.joined(separator: " ")) has no command \(ShellCommand.quote(word)); "
                    + "its commands are \(names.joined(separator: ", ")) (see \(path.joined(separator: " ")) --help)"
            }
            command = next
            path.append(word)
        }
        return nil
    }
}

/// A command's names and subcommands, read once from its configuration.
private struct CommandName {
    /// Its name, then its aliases.
    let names: [String]
    /// Whether a bare use runs a default subcommand (then any word may be its argument).
    let hasDefault: Bool
    /// Its subcommands.
    let subcommands: [CommandName]

    init(_ type: ParsableCommand.Type) {
        let configuration = type.configuration
        names = [type._commandName] + configuration.aliases
        hasDefault = configuration.defaultSubcommand != nil
        var children: [CommandName] = []
        for subcommand in configuration.subcommands { children.append(CommandName(subcommand)) }
        subcommands = children
    }
}
