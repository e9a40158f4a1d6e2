import ArgumentParser
import Foundation
import StackShiftCLI

/// The `stackshift` executable: every command lives in `StackShiftCLI`.
@main
struct StackShiftMain: AsyncParsableCommand {
    static let configuration = StackShiftCommand.configuration

    /// Checks the raw arguments (bytes, before Swift repairs invalid UTF-8), then runs the command.
    static func main() async {
        let arguments = (0..<Int(CommandLine.argc)).map { index in
            CommandLine.unsafeArgv[index].map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))) }
                .map { $0.map { UInt8(bitPattern: $0) } } ?? []
        }
        if let problem = CommandLineCheck.problem(in: arguments) {
            FileHandle.standardError.write(Data("stackshift: \(problem)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
