import ArgumentParser
import Foundation
import JobStore

/// A problem the user can fix: printed as one line on stderr, exit status 1, no stack trace.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body, turning every failure into one clear line on stderr and a non-zero exit.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        StandardStreams.error("stackshift: \(describe(error))")
        throw ExitCode.failure
    }
}

/// The one-line, user-facing description of an error.
func describe(_ error: any Error) -> String {
    switch error {
    case let error as JobStoreError: error.description
    case let error as CLIError: error.description
    case let error as LocalizedError: error.errorDescription ?? String(describing: error)
    default: String(describing: error)
    }
}

/// Writes to standard output and standard error without touching C globals (Swift 6).
///
/// Human-readable text is printed with its control characters escaped (line breaks and tabs kept): names,
/// keys, errors and logs come from stored data, and a planted escape sequence must be shown, not obeyed by the
/// terminal. One-line fields escape their line breaks too, where they are formatted (``TextTable``). JSON output
/// is printed exact: the encoder has already escaped every control character inside its strings.
enum StandardStreams {
    /// A line of human-readable text on standard output.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((TerminalText.escaped(text, lineBreaks: .kept) + "\n").utf8))
    }

    /// A value as pretty JSON on standard output, byte for byte as encoded.
    static func json<Value: Encodable>(_ value: Value) throws {
        FileHandle.standardOutput.write(Data((try Formatting.json(value) + "\n").utf8))
    }

    /// A line of human-readable text on standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.escaped(text, lineBreaks: .kept) + "\n").utf8))
    }
}
