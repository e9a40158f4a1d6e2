import Foundation
import JobStore

/// A JSON argument given inline or as `@FILE`, validated before anything is written.
///
/// The size is checked before the text is read, so a huge or endless file (`/dev/zero`, a FIFO) is refused at
/// once instead of filling memory or hanging.
enum PayloadArgument {
    /// The largest payload accepted: the stores' own limit (16 MiB), checked here before the file is read.
    static let maximumBytes = InputLimit.payload.bytes

    /// The JSON text, trimmed; `option` names the argument in messages (`the payload`, `the value`).
    static func read(_ argument: String, option: String = "the payload") throws -> String {
        var text = argument
        if argument.hasPrefix("@") {
            text = try contents(ofFile: String(argument.dropFirst()), option: option)
        } else if argument.utf8.count > maximumBytes {
            throw CLIError(
                "\(option) is \(argument.utf8.count) bytes; the most is \(maximumBytes) (\(InputLimit.payload.text))")
        }
        // The console's forms check with the same validator, so both give the same verdict and position.
        if let problem = JSONValidator.check(text) { throw CLIError("\(option) is not valid JSON: \(problem)") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func contents(ofFile path: String, option: String) throws -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw CLIError("cannot read \(option) file \(path): no such file, or it cannot be seen")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw CLIError("\(option) file \(path) is not a regular file; give a file that holds JSON")
        }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= maximumBytes else {
            throw CLIError(
                "\(option) file \(path) is \(size) bytes; the most is \(maximumBytes) (\(InputLimit.payload.text))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError("cannot read \(option) file \(path): permission denied")
        }
        defer { try? handle.close() }
        // One byte more than allowed, in case the file grew since it was measured.
        let data = (try? handle.read(upToCount: maximumBytes + 1)) ?? Data()
        guard data.count <= maximumBytes else {
            throw CLIError("\(option) file \(path) is over \(maximumBytes) bytes (\(InputLimit.payload.text))")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CLIError("\(option) file \(path) is not valid UTF-8 text; JSON must be UTF-8")
        }
        return text
    }
}
