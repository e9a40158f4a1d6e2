import ChildProcesses
import Foundation
import JobStoreTesting

/// Runs the real `stackshift` binary and captures what it printed.
struct CLIProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `stackshift` with `arguments`; one still running after `timeout` is killed and the test fails,
    /// so a hang shows as a named failure instead of a stuck suite.
    ///
    /// The wait happens on a thread of its own: a test blocked in `waitpid` on the cooperative pool (two
    /// threads on a 2-core machine) would starve every other test's tasks in the same run.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(90)
    ) async throws -> Output {
        var env = ProcessInfo.processInfo.environment
        env["STACKSHIFT_DB"] = nil
        env.merge(environment) { $1 }
        let executable = productsDirectory().appendingPathComponent("stackshift").path
        let environment = env
        let result = try await ChildProcess.runDetached(
            executable, arguments, environment: environment, timeout: timeout)
        return Output(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Runs a shell script with positional arguments (`$0`, `$1`, …): for arguments a Swift String cannot hold,
    /// such as invalid UTF-8 made with `printf`, and for commands pasted as a user would.
    static func shell(_ script: String, arguments: [String], shell: String = "/bin/sh") async throws -> Output {
        var env = ProcessInfo.processInfo.environment
        env["STACKSHIFT_DB"] = nil
        let environment = env
        let result = try await ChildProcess.runDetached(
            shell, ["-c", script] + arguments, environment: environment, timeout: .seconds(90))
        return Output(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Where SwiftPM put the test binary, and so the executables built beside it.
    static func productsDirectory() -> URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("stackshift").path) { return url }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
    }
}

/// A fresh temporary directory for one test, removed when the test ends (see ``TemporaryFolders``).
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("stackshift-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    TemporaryFolders.current?.append(url)
    return url
}
