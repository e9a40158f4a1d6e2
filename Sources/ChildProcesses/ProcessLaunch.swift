import Foundation

/// One program to start with `posix_spawn`, with a clean start: it inherits no descriptor beyond standard
/// input, output and error, no blocked signal and no ignored signal.
///
/// Both matter when the program leaves a daemon behind (tmux starts its server that way):
/// - Descriptors: libraries do not all open theirs close-on-exec (PostgresNIO's sockets are not), and a
///   daemon holding a copy keeps a connection open after this process closed it, with the session locks it
///   holds (a migration's advisory lock) never released.
/// - Signals: a child inherits the spawning thread's signal mask, and Swift's worker threads block most
///   signals; a tmux server and its panes started from one never die of `kill-server`'s SIGHUP.
public final class ProcessLaunch {
    private var actions = posix_spawn_file_actions_t()
    private var attributes = posix_spawnattr_t()

    /// The signals whose default action the child gets back, should this process ignore or handle them.
    private static let defaultSignals = [
        SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU,
    ]

    /// Prepares a launch whose standard files are this process's until ``open(_:path:flags:)`` replaces them.
    public init() {
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Self.defaultSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    }

    deinit {
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
    }

    /// Opens `path` as the child's descriptor `descriptor` (0, 1 or 2).
    public func open(_ descriptor: Int32, path: String, flags: Int32) {
        posix_spawn_file_actions_addopen(&actions, descriptor, path, flags, 0o600)
    }

    /// Connects each of `descriptors` (0, 1 or 2) to `/dev/null`: standard input reads nothing, output is dropped.
    public func discard(_ descriptors: Int32...) {
        for descriptor in descriptors {
            open(descriptor, path: "/dev/null", flags: descriptor == 0 ? O_RDONLY : O_WRONLY)
        }
    }

    /// Starts the program (`executable` searched on `PATH` unless it contains a slash) and returns its pid.
    public func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil
    ) throws -> pid_t {
        closeInheritedDescriptors()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let variables = environment ?? ProcessInfo.processInfo.environment
        let environ = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in environ { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw ChildProcessError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Waits for `pid` to end: its exit status, or 128 + the signal that ended it, as a shell reports it.
    public static func waitForExit(_ pid: pid_t) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ChildProcessError("lost process \(pid): errno \(errno)") }
        }
        return exitStatus(status)
    }

    /// Waits for the process to exit, at most `timeout`; a process still running then is killed (SIGKILL) and
    /// reaped, and the wait fails naming how long it was given, so a hung child cannot hang its caller.
    public static func waitForExit(_ pid: pid_t, timeout: Duration) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return exitStatus(status) }
            if reaped < 0 && errno != EINTR { throw ChildProcessError("lost process \(pid): errno \(errno)") }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                _ = try waitForExit(pid)
                throw ChildProcessError("process \(pid) did not exit within \(timeout); it was killed")
            }
            // Polling the child's state, not timing a result: 5 ms keeps a quick command quick.
            usleep(5_000)
        }
    }

    /// The exit code, or 128 + the signal that ended the process (as a shell reports it).
    private static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Closes every descriptor from 3 up in the child, after the opens above.
    private func closeInheritedDescriptors() {
        if let closeFrom = Self.closeFrom {
            _ = closeFrom(&actions, 3)
            return
        }
        // Older C libraries: close each descriptor open now. glibc ignores one closed meanwhile.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor >= 3 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, looked up at run time: Swift's Glibc module
    /// does not declare it.
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()
}
