import Foundation
import GRDB
import Testing

@Suite("stackshift with a bad database", .temporaryFolders, .timeLimit(.minutes(3)))
struct DatabaseErrorTests {
    @Test("a missing file is an error and no file is created")
    func missingFile() async throws {
        let path = try temporaryDirectory().appendingPathComponent("typo.sqlite").path
        let output = try await CLIProcess.run(["runs", "list", "--db", path])
        #expect(output.status != 0)
        #expect(output.stderr.hasPrefix("stackshift: no database at \(path)"))
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not SQLite is refused and left unchanged")
    func notSQLite() async throws {
        let path = try temporaryDirectory().appendingPathComponent("notes.txt").path
        let bytes = Data("these are not the rows you are looking for\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        for arguments in [["runs", "list"], ["queues", "pause", "emails"], ["runs", "retry", "run_x"]] {
            let output = try await CLIProcess.run(arguments + ["--db", path])
            #expect(output.status != 0)
            #expect(output.stderr.contains("is not a SQLite database"), "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").count == 1)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("a SQLite file that is not a StackShift database is refused")
    func foreignSQLite() async throws {
        let path = try temporaryDirectory().appendingPathComponent("other.sqlite").path
        // Another application's database: plain SQLite, no StackShift schema.
        let other = try DatabaseQueue(path: path)
        try await other.write { db in try db.execute(sql: "CREATE TABLE users(id)") }
        try other.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let output = try await CLIProcess.run(["runs", "list", "--db", path])
        #expect(output.status != 0)
        #expect(output.stderr.contains("is not a StackShift database"), "\(output.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("no --db at all names the flag to pass")
    func noDatabase() async throws {
        let output = try await CLIProcess.run(["runs", "list"])
        #expect(output.status != 0)
        #expect(output.stderr == "stackshift: no database given: pass --db PATH (or set STACKSHIFT_DB)\n")
    }

    @Test(
        "--durability full or normal opens a SQLite file; another word, or PostgreSQL, is one line and writes nothing")
    func durabilityOption() async throws {
        let path = try temporaryDirectory().appendingPathComponent("durable.sqlite").path
        let refused = try await CLIProcess.run(["migrate", "--db", path, "--durability", "fast"])
        #expect(refused.status != 0)
        #expect(refused.stderr == "stackshift: --durability takes normal or full, not fast\n")
        #expect(!FileManager.default.fileExists(atPath: path))

        let created = try await CLIProcess.run(["migrate", "--db", path, "--durability", "full"])
        #expect(created.status == 0, "\(created.stderr)")
        let listed = try await CLIProcess.run(["runs", "list", "--db", path, "--durability", "normal"])
        #expect(listed.status == 0, "\(listed.stderr)")

        let postgres = try await CLIProcess.run([
            "runs", "list", "--db", "postgres://nobody@127.0.0.1:1/none", "--durability", "full",
        ])
        #expect(postgres.status != 0)
        #expect(postgres.stderr.hasPrefix("stackshift: --durability is for SQLite files"), "\(postgres.stderr)")
        #expect(postgres.stderr.split(separator: "\n").count == 1)
    }
}
