import Foundation
import GRDB
import JobStore

/// Files SQLite cannot write, and directories it cannot create its `-wal` and `-shm` files in.
///
/// A store in WAL mode is read through a `-shm` index beside the file, which SQLite creates on first open and
/// deletes on the last close. In a read-only directory it cannot, so even a read-only open fails ("unable to
/// open database file"). Reads there open the file *immutable* instead: SQLite then reads the main file
/// alone, with no locks and no `-shm`. That is safe exactly when no `-wal` file exists: no process can be
/// writing (a writer would need to create one), and every committed change is in the main file.
extension StoreOpener {
    /// Refuses, before SQLite touches the file, to open for writing a file this process cannot write, or one
    /// in a read-only directory that lacks the `-wal` and `-shm` files SQLite writes through.
    func checkWritable(_ file: StoreFile) throws {
        guard !options.readOnly else { return }
        guard file.isWritable else {
            throw JobStoreError.unavailable(
                "database \(path) is read-only (its permissions do not let this user write it); "
                    + "open it with --read-only to read it, or change its permissions")
        }
        guard file.directoryIsWritable || (file.hasCompanion("-wal") && file.hasCompanion("-shm")) else {
            throw JobStoreError.unavailable(
                "database \(path) is in a read-only directory (\(file.directory)), where SQLite cannot create "
                    + "the -wal and -shm files it writes through; open it with --read-only to read it, "
                    + "or make the directory writable")
        }
    }

    /// What SQLite opens: the path itself, or, to read a file in a read-only directory, an immutable URI.
    func openingPath(_ file: StoreFile) throws -> String {
        guard options.readOnly, !file.directoryIsWritable else { return path }
        let hasLog = file.hasCompanion("-wal")
        // With both files present, SQLite reads through them without writing the directory.
        if hasLog && file.hasCompanion("-shm") { return path }
        guard !hasLog else {
            throw JobStoreError.unavailable(
                "cannot read database \(path): it has a write-ahead log (\(path)-wal) but no \(path)-shm, "
                    + "which its read-only directory (\(file.directory)) cannot hold; make the directory "
                    + "writable, or copy the database and its -wal file to one that is")
        }
        guard Self.acceptsURIs else {
            throw JobStoreError.unavailable(
                "cannot read database \(path): its directory (\(file.directory)) is read-only and this SQLite "
                    + "cannot open a file immutable (it was built without URI file names); make the directory "
                    + "writable, or copy the database to one that is")
        }
        return file.immutableURI
    }

    /// Whether this SQLite reads `file:` URIs given as plain paths (built with `SQLITE_USE_URI`, as Debian's
    /// and Apple's are): GRDB opens files without the `SQLITE_OPEN_URI` flag.
    static let acceptsURIs: Bool = {
        let answer = try? DatabaseQueue().read { db in
            try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('USE_URI')")
        }
        return answer == true
    }()
}
