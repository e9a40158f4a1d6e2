import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches the SQLite file a console has open, so a file deleted, replaced, truncated or overwritten under
/// it is reported instead of shown as live.
///
/// SQLite alone does not notice: its connections keep reading a deleted file through their open descriptors,
/// and in WAL mode they keep answering from their page cache while the `-shm` index says nothing changed,
/// even after the file was overwritten. So before each read or write the console looks at the path itself:
/// the same file (device and inode) as at the start, and a SQLite header. A `stat` and a 100-byte read: a
/// few microseconds.
///
/// The page count in the header is not compared with the file's size: a checkpoint writes page 1, with the
/// new count, before the pages that grow the file, so a healthy file can briefly look truncated.
struct DatabaseFileWatch: Sendable {
    /// A file's identity: the same device and inode is the same file, whatever was written to it.
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// What the path holds now.
    enum Finding: Sendable, Hashable {
        /// The file opened at the start, still a whole SQLite database.
        case healthy
        /// Another whole SQLite file now has the path (a backup put back, a new database).
        case replaced(Identity)
        /// Nothing usable: the reason, in words.
        case unusable(String)
    }

    /// The path as given, for messages.
    let path: String
    /// The file the console's connections read; nil when it could not be looked at when the watch began.
    private(set) var identity: Identity?

    /// Starts watching `path`, taking the file there now as the one the store opened.
    init(path: String) {
        self.path = path
        identity = Self.look(at: path).map(\.identity)
    }

    /// Takes `identity` as the file the connections read: after the store was opened again on it.
    mutating func adopt(_ identity: Identity) {
        self.identity = identity
    }

    /// Looks at the path.
    func check() -> Finding {
        guard let file = Self.look(at: path) else {
            let error = errno
            return .unusable(
                error == ENOENT
                    ? "the database file \(path) was deleted"
                    : "the database file \(path) cannot be seen: \(String(cString: strerror(error)))")
        }
        if let problem = Self.headerProblem(path: path, size: file.size) { return .unusable(problem) }
        guard let identity, file.identity != identity else { return .healthy }
        return .replaced(file.identity)
    }

    /// The identity and size of the file at `path`, or nil (and `errno` set) when there is none.
    private static func look(at path: String) -> (identity: Identity, size: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)), Int64(info.st_size))
    }

    /// The SQLite file format's first 16 bytes.
    private static let magic = Array("SQLite format 3\0".utf8)

    /// Why the file is no longer a SQLite database, or nil when it starts as one.
    private static func headerProblem(path: String, size: Int64) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return "the database file \(path) cannot be read: \(String(cString: strerror(errno)))"
        }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 100, 0) }
        guard count == 100, header[0..<16].elementsEqual(magic) else {
            return size == 0
                ? "the database file \(path) is empty: it was truncated"
                : "the database file \(path) is no longer a SQLite database: it was overwritten or truncated"
        }
        return nil
    }
}
