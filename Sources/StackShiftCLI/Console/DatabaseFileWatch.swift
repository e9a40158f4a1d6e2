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
/// the same file (device and inode) as at the start, and a SQLite header.
///
/// The header is read through one descriptor held open for as long as the watch lives, never one opened and
/// closed per check: closing *any* descriptor of a file drops every POSIX lock this process holds on it,
/// SQLite's included (sqlite.org/howtocorrupt.html §2.2), which made the console miss other processes'
/// writes and could let SQLite delete a WAL still in use.
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

    /// A descriptor of the watched file, closed only when the watch (or the file it follows) is done with.
    final class HeldFile: Sendable {
        let descriptor: Int32
        let identity: Identity

        init?(path: String) {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else {
                close(descriptor)
                return nil
            }
            self.descriptor = descriptor
            identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        }

        deinit { close(descriptor) }
    }

    /// The path as given, for messages.
    let path: String
    /// The file the console's connections read; nil when it could not be opened when the watch began.
    private(set) var held: HeldFile?

    /// Starts watching `path`, taking the file there now as the one the store opened.
    init(path: String) {
        self.path = path
        held = HeldFile(path: path)
    }

    /// Takes the file now at the path as the one the connections read: after the store was opened again on
    /// it (`identity` is the file that was checked).
    mutating func adopt(_ identity: Identity) {
        if let file = HeldFile(path: path), file.identity == identity { held = file }
    }

    /// Looks at the path.
    func check() -> Finding {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let error = errno
            return .unusable(
                error == ENOENT
                    ? "the database file \(path) was deleted"
                    : "the database file \(path) cannot be seen: \(String(cString: strerror(error)))")
        }
        let now = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if let held, held.identity == now {
            return Self.headerProblem(descriptor: held.descriptor, path: path, size: Int64(info.st_size))
                .map(Finding.unusable) ?? .healthy
        }
        // Another file has the path: none of this process's connections has it open, so a descriptor opened
        // and closed here to read its header takes no lock of theirs with it.
        guard let other = HeldFile(path: path), other.identity == now else {
            return .unusable("the database file \(path) was replaced and cannot be read")
        }
        if let problem = Self.headerProblem(descriptor: other.descriptor, path: path, size: Int64(info.st_size)) {
            return .unusable(problem)
        }
        return .replaced(now)
    }

    /// The SQLite file format's first 16 bytes.
    private static let magic = Array("SQLite format 3\0".utf8)

    /// Why the file is no longer a SQLite database, or nil when it starts as one.
    private static func headerProblem(descriptor: Int32, path: String, size: Int64) -> String? {
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
