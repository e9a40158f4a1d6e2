import ArgumentParser
import StackShiftCLI

/// The `stackshift` executable: every command lives in `StackShiftCLI`.
@main
struct StackShiftMain: AsyncParsableCommand {
    static let configuration = StackShiftCommand.configuration
}
