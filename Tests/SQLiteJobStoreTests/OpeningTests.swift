import Foundation
import GRDB
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

/// Opening files: refusals name the problem and never write to the file.
@Suite("Opening SQLite store files")
struct OpeningTests {
    /// The error thrown by opening `path`, or nil when it opened.
    func openingError(_ path: String, _ options: SQLiteJobStore.Options) async -> JobStoreError? {
        do {
            let store = try SQLiteJobStore(path: path, options: options)
            try? await store.close()
            return nil
        } catch let error as JobStoreError {
            return error
        } catch {
            Issue.record("opening threw a raw error: \(error)")
            return nil
        }
    }

    func message(_ error: JobStoreError?) -> String {
        error.map(\.description) ?? "no error"
    }

    /// Makes a plain SQLite database with a table of someone else's.
    func makeForeignDatabase(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
            try db.execute(sql: "INSERT INTO customers (name) VALUES ('Ada')")
        }
        try queue.close()
    }

    @Test("a missing file with createIfMissing false is refused and not created")
    func missingFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let error = await openingError(path, .init(createIfMissing: false))
        guard case .unavailable(let text) = error else {
            Issue.record("expected unavailable, got \(message(error))")
            return
        }
        #expect(
            text == "no database at \(path); create it with `stackshift migrate --db \(path)`, or check the --db path")
        #expect(try directory.files().isEmpty)
        let readOnly = await openingError(path, .init(readOnly: true))
        #expect(message(readOnly).hasPrefix("no database at \(path)"))
        #expect(try directory.files().isEmpty)
    }

    @Test("a file that is not SQLite is refused, whatever the options, and left unchanged")
    func notSQLite() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 13) })
        try garbage.write(to: URL(fileURLWithPath: path))
        for options in [SQLiteJobStore.Options(), .init(createIfMissing: false), .init(readOnly: true)] {
            let error = await openingError(path, options)
            guard case .incompatibleDatabase(let text) = error else {
                Issue.record("expected incompatibleDatabase, got \(message(error))")
                continue
            }
            #expect(text.hasPrefix("\(path) is not a SQLite database"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        #expect(try directory.files() == ["store.sqlite"])
    }

    @Test("a SQLite file holding other tables is refused, even where a store may be created, and left unchanged")
    func foreignDatabase() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        try makeForeignDatabase(path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for options in [SQLiteJobStore.Options(), .init(createIfMissing: false), .init(readOnly: true)] {
            let error = await openingError(path, options)
            #expect(
                error
                    == .incompatibleDatabase(
                        "\(path) is not a StackShift database (it holds other tables, and no stackshift_meta "
                            + "table); check the --db path, or use a new file"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try directory.files() == ["store.sqlite"])
    }

    @Test("a schema newer than this binary is refused, and the file left unchanged")
    func newerSchema() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let store = try SQLiteJobStore(path: path)
        _ = try await store.createRun(Fixtures.createRun())
        try await store.close()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE stackshift_meta SET value = '99' WHERE key = 'schema_version'")
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for options in [SQLiteJobStore.Options(), .init(createIfMissing: false), .init(readOnly: true)] {
            let error = await openingError(path, options)
            guard case .incompatibleDatabase(let text) = error else {
                Issue.record("expected incompatibleDatabase, got \(message(error))")
                continue
            }
            #expect(
                text == "\(path) was written by a newer StackShift (schema 99, this binary knows 9); upgrade stackshift"
            )
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("an empty file is initialised when it may be created")
    func emptyFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let refused = await openingError(path, .init(createIfMissing: false))
        #expect(
            message(refused)
                == "\(path) is not a StackShift database (it has no tables yet); create them with "
                + "`stackshift migrate --db \(path)`, or check the --db path")
        let store = try SQLiteJobStore(path: path)
        _ = try await store.createRun(Fixtures.createRun())
        #expect(try await store.listRuns(RunQuery()).count == 1)
        try await store.close()
    }

    @Test("a store reopens with its data; read-only reads but refuses writes")
    func reopen() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let store = try SQLiteJobStore(path: path)
        let run = try await store.createdRun(Fixtures.createRun(now: Fixtures.at(0)))
        try await store.close()

        let reopened = try SQLiteJobStore(path: path, options: .init(createIfMissing: false))
        #expect(try await reopened.listRuns(RunQuery()).map(\.id) == [run.id])
        let readOnly = try SQLiteJobStore(path: path, options: .init(readOnly: true))
        #expect(try await readOnly.runDetail(RunDetailParams(runId: run.id))?.run == run)
        #expect(readOnly.capabilities == StoreCapabilities(pushesChanges: false, multiMachine: false))
        do {
            _ = try await readOnly.createRun(Fixtures.createRun())
            Issue.record("a read-only store wrote")
        } catch let error as JobStoreError {
            guard case .unavailable(let text) = error else {
                Issue.record("expected unavailable, got \(error)")
                return
            }
            #expect(text.contains("read-only"))
        }
        #expect(try await reopened.listRuns(RunQuery()).count == 1)
        try await readOnly.close()
        try await reopened.close()
    }

    @Test("a database locked by another connection past the busy timeout is reported as locked")
    func locked() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let store = try SQLiteJobStore(path: path, options: .init(busyTimeout: .milliseconds(100)))
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let blocker = try DatabaseQueue(path: path, configuration: configuration)
        try await blocker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        do {
            _ = try await store.createRun(Fixtures.createRun())
            Issue.record("wrote through another connection's lock")
        } catch let error as JobStoreError {
            guard case .unavailable(let text) = error else {
                Issue.record("expected unavailable, got \(error)")
                return
            }
            #expect(text.hasPrefix("database \(path) is locked by another process"))
        }
        try await blocker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try blocker.close()
        _ = try await store.createRun(Fixtures.createRun())
        #expect(try await store.listRuns(RunQuery()).count == 1, "the refused write left nothing behind")
        try await store.close()
    }
}
