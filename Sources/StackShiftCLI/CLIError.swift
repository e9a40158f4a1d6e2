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
enum StandardStreams {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
