import Foundation
import JobStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is at a store path, looked at with `stat` before anything opens it, and the private creation of a new
/// store file.
///
/// Opening a FIFO would block until a writer appears, and SQLite's own message for a directory, a missing
/// folder or a read-only one is a bare "unable to open database file"; looking first lets every refusal say
/// what is wrong and what to do.
struct StoreFile {
    /// The path as given, for messages.
    let path: String

    /// What a path names.
    enum Kind: Equatable {
        /// Nothing: a store may be created here.
        case missing
        /// A regular file (or a link to one).
        case regular
        /// Anything else, with the reason it cannot be a store.
        case refused(String)
    }

    /// The directory holding the file, where SQLite puts the `-wal` and `-shm` files beside it.
    var directory: String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// Looks at the path without opening it.
    func kind() -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let error = errno
            var link = stat()
            if error == ENOENT, lstat(path, &link) == 0 {
                return .refused(
                    "\(path) is a symbolic link to a file that does not exist; check the --db path or the link")
            }
            if error == ENOENT {
                return FileManager.default.fileExists(atPath: directory)
                    ? .missing
                    : .refused(
                        "cannot create database \(path): the directory \(directory) does not exist; "
                            + "create it first, or check the --db path")
            }
            return .refused("cannot open database \(path): \(Self.describe(error)); check the --db path")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR:
            let example = (path as NSString).appendingPathComponent("stackshift.sqlite")
            return .refused(
                "\(path) is a directory, not a database file; give the path of a file, such as \(example)")
        default:
            return .refused(
                "\(path) is \(Self.name(ofType: info.st_mode & S_IFMT)), not a database file; "
                    + "a StackShift database is a regular file: check the --db path")
        }
    }

    /// Creates the file empty and readable by its owner only (0600), before SQLite opens it: SQLite gives
    /// the `-wal` and `-shm` files it creates later the main file's mode, so all three stay private. Returns
    /// false when another process created the file first.
    ///
    /// `open` with `O_EXCL` and the mode in one call, rather than a process-wide `umask`, so no other thread's
    /// files are affected; `fchmod` then sets the mode exactly, whatever the umask removed.
    func createPrivately() throws -> Bool {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let error = errno
            if error == EEXIST { return false }
            if error == EACCES || error == EROFS || error == EPERM {
                throw JobStoreError.unavailable(
                    "cannot create database \(path): the directory \(directory) is not writable "
                        + "(\(Self.describe(error))); choose another path, or check the directory's permissions")
            }
            throw JobStoreError.unavailable(
                "cannot create database \(path): \(Self.describe(error)); check the --db path")
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else {
            let error = errno
            unlink(path)
            throw JobStoreError.unavailable(
                "cannot make database \(path) private (mode 0600): \(Self.describe(error))")
        }
        return true
    }

    /// Removes a file this process created moments ago and that is still empty: a failed open leaves nothing.
    func removeIfEmpty() {
        var info = stat()
        if stat(path, &info) == 0, info.st_size == 0 { unlink(path) }
    }

    /// Whether the directory lets this process create files (`access`, which also sees read-only mounts and
    /// immutable directories).
    var directoryIsWritable: Bool { access(directory, W_OK) == 0 }

    /// Whether this process may write the file itself.
    var isWritable: Bool { access(path, W_OK) == 0 }

    /// Whether `path` followed by `suffix` (`-wal`, `-shm`) exists.
    func hasCompanion(_ suffix: String) -> Bool {
        access(path + suffix, F_OK) == 0
    }

    /// A SQLite URI opening the file as immutable: read without locks or a `-shm` file, which a read-only
    /// directory cannot hold.
    var immutableURI: String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        // Only unreserved ASCII stays as is; `?`, `#` and `%` in a file name would otherwise end the path.
        let allowed = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file://\(encoded)?mode=ro&immutable=1"
    }

    /// `a named pipe (FIFO)`, for a file type other than a regular file or directory.
    private static func name(ofType type: mode_t) -> String {
        switch type {
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "not a regular file"
        }
    }

    /// `permission denied`, from an `errno` value.
    static func describe(_ error: Int32) -> String {
        String(cString: strerror(error)).lowercased()
    }
}
