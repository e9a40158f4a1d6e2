import Foundation
import GRDB
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the driver does with the files around a store: private modes for the files it creates, and clear
/// refusals for paths that are not store files or cannot be written.
@Suite("SQLite store files: modes, file kinds and read-only places", .timeLimit(.minutes(3)))
struct FileSafetyTests {
    /// The permission bits of `path`, or nil when it does not exist.
    func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }

    /// The message of the error thrown by opening `path`, or nil when it opened.
    func openingError(_ path: String, _ options: SQLiteJobStore.Options = .init()) async -> String? {
        do {
            let store = try SQLiteJobStore(path: path, options: options)
            try? await store.close()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A store file with one run in it, closed again (so no -wal or -shm is left).
    func makeStore(_ path: String) async throws -> RunID {
        let store = try SQLiteJobStore(path: path)
        let run = try await store.createdRun(Fixtures.createRun())
        try await store.close()
        return run.id
    }

    @Test("a new store file and its -wal and -shm are readable by their owner only")
    func newFilesArePrivate() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let store = try SQLiteJobStore(path: path)
        _ = try await store.createRun(Fixtures.createRun())
        // While the store is open SQLite keeps all three files.
        #expect(try directory.files() == ["store.sqlite", "store.sqlite-shm", "store.sqlite-wal"])
        #expect(mode(path) == 0o600)
        #expect(mode(path + "-wal") == 0o600)
        #expect(mode(path + "-shm") == 0o600)
        try await store.close()
    }

    @Test("an existing file keeps its mode, and its -wal and -shm take the same one")
    func existingModeIsKept() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let queue = try DatabaseQueue(path: path)
        try queue.close()
        #expect(chmod(path, 0o644) == 0)
        let store = try SQLiteJobStore(path: path)
        _ = try await store.createRun(Fixtures.createRun())
        #expect(mode(path) == 0o644)
        #expect(mode(path + "-wal") == 0o644)
        #expect(mode(path + "-shm") == 0o644)
        try await store.close()
    }

    @Test("a directory as the path is refused, naming a file path to give instead")
    func directoryPath() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.path
        let message = await openingError(path)
        #expect(
            message
                == "\(path) is a directory, not a database file; give the path of a file, such as "
                + "\(path)/stackshift.sqlite")
        #expect(try directory.files().isEmpty)
    }

    @Test("a FIFO is refused at once, without opening it (which would wait for a writer)")
    func fifoPath() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("pipe")
        #expect(mkfifo(path, 0o600) == 0)
        for options in [SQLiteJobStore.Options(), .init(createIfMissing: false), .init(readOnly: true)] {
            let message = await openingError(path, options)
            #expect(
                message
                    == "\(path) is a named pipe (FIFO), not a database file; a StackShift database is a regular "
                    + "file: check the --db path")
        }
        #expect(try directory.files() == ["pipe"])
    }

    @Test("a path in a directory that does not exist is refused, and nothing is created")
    func missingDirectory() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("nowhere/store.sqlite")
        let message = await openingError(path)
        #expect(
            message
                == "cannot create database \(path): the directory \(directory.path("nowhere")) does not exist; "
                + "create it first, or check the --db path")
        #expect(try directory.files().isEmpty)
    }

    @Test(
        "a store in a read-only directory: reads work, opening for writing is refused, nothing is written",
        .enabled(if: ReadOnlyPath.isSupported, "this machine cannot make a directory read-only"))
    func readOnlyDirectory() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let runId = try await makeStore(path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let locked = ReadOnlyPath.make(directory.url.path) else {
            Issue.record("could not make \(directory.url.path) read-only")
            return
        }

        let reader = try SQLiteJobStore(path: path, options: .init(readOnly: true))
        #expect(try await reader.listRuns(RunQuery()).map(\.id) == [runId])
        #expect(try await reader.runDetail(RunDetailParams(runId: runId))?.run.id == runId)
        try await reader.close()

        let message = await openingError(path)
        #expect(
            message
                == "database \(path) is in a read-only directory (\(directory.url.path)), where SQLite cannot "
                + "create the -wal and -shm files it writes through; open it with --read-only to read it, "
                + "or make the directory writable")
        _ = consume locked
        #expect(try directory.files() == ["store.sqlite"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test(
        "a store file this user cannot write is refused for writing, naming --read-only, and still reads",
        .enabled(if: ReadOnlyPath.isSupported, "this machine cannot make a file read-only"))
    func readOnlyFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let runId = try await makeStore(path)
        guard let locked = ReadOnlyPath.make(path) else {
            Issue.record("could not make \(path) read-only")
            return
        }
        let message = await openingError(path)
        #expect(
            message
                == "database \(path) is read-only (its permissions do not let this user write it); "
                + "open it with --read-only to read it, or change its permissions")
        let reader = try SQLiteJobStore(path: path, options: .init(readOnly: true))
        #expect(try await reader.listRuns(RunQuery()).map(\.id) == [runId])
        try await reader.close()
        _ = consume locked
    }
}
