import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file or directory made unwritable for this process for the length of a test, then writable again.
///
/// Taking write permission away is not enough when the tests run as root, which ignores permissions; then the
/// path is also made immutable (`chattr +i`), which stops root too. Tests that need one are enabled only where
/// that works (``isSupported``).
struct ReadOnlyPath: ~Copyable {
    let path: String
    private let immutable: Bool

    /// Makes `path` unwritable; nil when this machine cannot (not root and no permission, or no `chattr`).
    static func make(_ path: String) -> ReadOnlyPath? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR
        guard chmod(path, isDirectory ? 0o555 : 0o444) == 0 else { return nil }
        let immutable = geteuid() == 0 && chattr("+i", path)
        guard access(path, W_OK) != 0 else {
            _ = chmod(path, isDirectory ? 0o755 : 0o644)
            if immutable { _ = chattr("-i", path) }
            return nil
        }
        return ReadOnlyPath(path: path, immutable: immutable)
    }

    deinit {
        if immutable { _ = Self.chattr("-i", path) }
        var info = stat()
        if stat(path, &info) == 0 { _ = chmod(path, info.st_mode & S_IFMT == S_IFDIR ? 0o755 : 0o644) }
    }

    /// Runs `chattr` (root can set the immutable flag on most Linux file systems); true when it succeeded.
    private static func chattr(_ flag: String, _ path: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Whether a directory can be made read-only here: tried once on a scratch directory.
    static let isSupported: Bool = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("stackshift-probe-\(UUID().uuidString)", isDirectory: true)
        guard (try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)) != nil else {
            return false
        }
        defer { try? FileManager.default.removeItem(at: url) }
        guard let probe = ReadOnlyPath.make(url.path) else { return false }
        // Writable again before the directory is removed.
        _ = consume probe
        return true
    }()
}
