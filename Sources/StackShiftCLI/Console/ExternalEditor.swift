import Console
import Foundation

/// Opens text in the user's editor (`$VISUAL`, `$EDITOR`, else `vi`) with curses suspended, and reads the
/// saved file back.
struct ExternalEditor: Sendable {
    /// The shell command that edits a file given as its last argument.
    let command: String
    /// Runs the command with the terminal.
    let host: TerminalHost

    /// The editor command: the option, else `$VISUAL`, `$EDITOR`, then `vi`.
    static func command(configured: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        for candidate in [configured, environment["VISUAL"], environment["EDITOR"]] {
            if let candidate, !candidate.trimmingCharacters(in: .whitespaces).isEmpty { return candidate }
        }
        return "vi"
    }

    /// Writes `text` to a temporary `.json` file named after `name`, opens the editor on it, and returns
    /// what was saved. The file is removed afterwards.
    func edit(_ text: String, name: String) async -> EditorOutcome {
        let safeName = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }.prefix(40))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stackshift-\(safeName)-\(UUID().uuidString.prefix(8)).json")
        do {
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            return .failed("Could not write a temporary file for the editor: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: url) }
        switch await host.runInTerminal(command, arguments: [url.path]) {
        case .failure(let error):
            return .failed("Could not open the editor: \(error)")
        case .success(let status) where status != 0:
            return .failed("The editor (\(command)) exited with status \(status)")
        case .success:
            guard let saved = try? String(contentsOf: url, encoding: .utf8) else {
                return .failed("Could not read the edited file back")
            }
            return .saved(saved)
        }
    }
}
