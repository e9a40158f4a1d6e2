import ChildProcesses
import Foundation
import Testing

@Suite("Child processes")
struct ChildProcessTests {
    @Test("a child inherits standard input, output and error only, not this process's other open files")
    func nothingElseIsInherited() throws {
        // A descriptor opened without close-on-exec, as PostgresNIO opens its sockets.
        let opened = open("/dev/null", O_RDONLY)
        try #require(opened >= 0)
        defer { close(opened) }
        let script = "for fd in 0 1 2 \(opened); do test -e /proc/$$/fd/$fd && echo open $fd || echo closed $fd; done"
        let result = try ChildProcess.run("/bin/sh", ["-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n") == ["open 0", "open 1", "open 2", "closed \(opened)"])
    }

    @Test("a child starts with no signal blocked or ignored, whatever the spawning thread had")
    func signalsStartClean() async throws {
        // Swift's worker threads block most signals, and a blocked SIGHUP kept tmux panes alive after
        // kill-server. Block and ignore some here, on this thread, as a process might.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGHUP)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let ignored = signal(SIGUSR1, SIG_IGN)
        defer { signal(SIGUSR1, ignored) }

        // grep reads its own status: the shell execs it, so it has the mask and dispositions the shell started
        // with. (Read from outside, the shell itself is briefly all-blocked while it starts a command.)
        let result = try ChildProcess.run("/bin/sh", ["-c", "exec grep -E '^Sig(Blk|Ign)' /proc/self/status"])
        let fields = Dictionary(
            uniqueKeysWithValues: result.stdout.split(separator: "\n").map { line in
                let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                return (parts[0], UInt64(parts[1], radix: 16) ?? .max)
            })
        #expect(fields["SigBlk"] == 0, "no signal blocked: \(result.stdout)")
        let usr1: UInt64 = 1 << (UInt64(SIGUSR1) - 1)
        #expect((fields["SigIgn"] ?? .max) & usr1 == 0, "SIGUSR1 not ignored: \(result.stdout)")
    }

    @Test("exit status, output and error are reported; a signal shows as 128 + its number")
    func statusAndOutput() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(result.status == 3 && result.stdout == "out\n" && result.stderr == "err\n")
        #expect(try ChildProcess.run("/bin/sh", ["-c", "kill -9 $$"]).status == 128 + 9)
    }

    @Test("a program that does not exist is an error naming it")
    func missingProgram() {
        #expect(throws: ChildProcessError.self) { try ChildProcess.run("/no/such/program", []) }
    }

    @Test("a child that outlives its timeout is killed and the run fails, naming the timeout")
    func timeout() throws {
        let error = #expect(throws: ChildProcessError.self) {
            try ChildProcess.run("/bin/sh", ["-c", "exec sleep 600"], timeout: .milliseconds(200))
        }
        #expect(
            error?.description.contains("did not exit within 0.2 seconds; it was killed") == true,
            "\(String(describing: error))")
        let quick = try ChildProcess.run("/bin/sh", ["-c", "exit 4"], timeout: .seconds(30))
        #expect(quick.status == 4)
    }
}
