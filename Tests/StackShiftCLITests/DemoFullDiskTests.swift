import ChildProcesses
import Foundation
import Testing

/// A demo whose disk fills stops at once with the reason and a failing exit status, instead of logging
/// hundreds of failed writes and reporting success.
@Suite("stackshift demo on a full disk", .temporaryFolders, .timeLimit(.minutes(2)))
struct DemoFullDiskTests {
    @Test(
        "the headless demo stops with exit 1 and the reason when its disk is full",
        .enabled(if: getuid() == 0, "mounting a small tmpfs (a disk that fills) needs root"))
    func fullDisk() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mount = try ChildProcess.run("mount", ["-t", "tmpfs", "-o", "size=1500k", "tmpfs", folder.path])
        try #require(mount.status == 0, "mount failed: \(mount.stderr)")
        defer { _ = try? ChildProcess.run("umount", [folder.path]) }
        // 60 s of demo: only stopping early on the full disk ends it within the suite's time limit with status 1.
        let output = try await CLIProcess.run([
            "demo", "--headless", "--duration", "60s", "--speed", "50", "--db", folder.path + "/demo.sqlite",
        ])
        #expect(output.status == 1, "\(output.stdout)")
        let last = output.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("stackshift: the demo stopped: ") && last.hasSuffix("the disk is full"), "\(last)")
        #expect(!output.stdout.contains("open it:"))
    }
}
