import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift state …`: read and change the durable state store.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Read and change durable state values.",
        subcommands: [Get.self, Set.self, Increment.self, Delete.self, List.self, Locks.self, Unlock.self])

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a value (and its version with --json).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The key.") var key: String
        @Flag(help: "Print the entry as JSON: value, version, expiry.") var json = false

        func run() async throws {
            try await reportingErrors {
                guard let entry = try await database.operations(readOnly: true).stateValue(key) else {
                    throw CLIError("no state value with key \(key)")
                }
                if json { return try StandardStreams.json(entry) }
                StandardStreams.out(entry.valueJSON)
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a JSON value; refuses invalid JSON.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The key.") var key: String
        // Every word the options do not claim, so a negative number (`-5`) is a value, not an unknown option.
        @Argument(parsing: .allUnrecognized, help: "The value: JSON text (negative numbers too), or @FILE.")
        var value: [String] = []
        @Option(
            name: .customLong("ttl"), parsing: .unconditional,
            help: "Expire the value after this long: 30s, 5m, 2h, 7d (a bare number is seconds).")
        var ttlText: String?
        @Option(parsing: .unconditional, help: "Write only if the current version is this (0: only if absent).")
        var ifVersion: Int64?

        func validate() throws {
            guard value.count == 1 else {
                throw ValidationError(
                    value.isEmpty
                        ? "Missing expected argument '<value>'"
                        : "give one value (quote JSON with spaces); got \(value.count): "
                            + value.map(ShellCommand.quote).joined(separator: " "))
            }
        }

        func run() async throws {
            try await reportingErrors {
                let ttl = try DurationOption.seconds(
                    ttlText, option: "--ttl", limits: DurationLimits.positive.bareSecondsAllowed)
                let json = try PayloadArgument.read(value[0], option: "the value")
                let now = Date()
                let entry = try await database.operations().setState(
                    key, valueJSON: json, expiresAt: ttl.map { now.addingTimeInterval($0) }, expectedVersion: ifVersion,
                    by: .local(via: .cli))
                StandardStreams.out("\(key) = \(entry.valueJSON) (version \(entry.version))")
            }
        }
    }

    struct Increment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add to an integer value atomically (a missing key starts at 0); prints the new value.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The key.") var key: String
        @Option(parsing: .unconditional, help: "The amount to add; negative subtracts.") var by: Int64 = 1

        func run() async throws {
            try await reportingErrors {
                let value = try await database.operations().incrementState(key, by: by, by: .local(via: .cli))
                StandardStreams.out("\(key) = \(value)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a value.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The key.") var key: String
        @Option(parsing: .unconditional, help: "Delete only if the current version is this.") var ifVersion: Int64?

        func run() async throws {
            try await reportingErrors {
                let existed = try await database.operations().deleteState(
                    key, expectedVersion: ifVersion, by: .local(via: .cli))
                guard existed else { throw CLIError("no state value with key \(key)") }
                StandardStreams.out("deleted \(key)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Values whose key starts with a prefix.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only keys starting with this.") var prefix: String = ""
        @Option(parsing: .unconditional, help: "The most values to show.") var limit: Int = 200

        func validate() throws { try ListLimit.validate(limit) }
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let now = Date()
                let entries = try await database.operations(readOnly: true).stateValues(
                    prefix: prefix, limit: limit)
                if json { return try StandardStreams.json(entries) }
                var table = TextTable(headers: ["KEY", "VERSION", "TTL", "VALUE"], rightAligned: [1])
                for entry in entries {
                    table.append([
                        entry.key, "\(entry.version)",
                        entry.expiresAt.map { Formatting.duration($0.timeIntervalSince(now)) } ?? "-",
                        String(entry.valueJSON.prefix(80)),
                    ])
                }
                StandardStreams.out(
                    entries.isEmpty ? "no state values" + (prefix.isEmpty ? "" : " under \(prefix)") : table.render())
            }
        }
    }

    struct Locks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Locks held now: key, owner, since when and until when.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only keys starting with this.") var prefix: String = ""
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let now = Date()
                let locks = try await database.operations(readOnly: true).locks(prefix: prefix)
                if json { return try StandardStreams.json(locks) }
                var table = TextTable(headers: ["KEY", "OWNER", "HELD FOR", "EXPIRES IN"])
                for lock in locks {
                    table.append([
                        lock.key, lock.owner, Formatting.duration(now.timeIntervalSince(lock.acquiredAt)),
                        Formatting.duration(lock.expiresAt.timeIntervalSince(now)),
                    ])
                }
                StandardStreams.out(
                    locks.isEmpty ? "no locks held" + (prefix.isEmpty ? "" : " under \(prefix)") : table.render())
            }
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release a lock left by a run that ended or a worker that died.",
            discussion: """
                Without --force, only an orphaned lock is released: one whose holder run has ended. A lock whose \
                holder may still be at work is refused, naming it; --force releases it anyway (the holder loses it \
                and is canceled at its next renewal). With --owner, only that owner's lock is released; a lock \
                that changed hands is kept.
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The lock's key.") var key: String
        @Option(help: "Release it only if this owner holds it.") var owner: String?
        @Flag(help: "Release it even if its holder may still be at work.") var force = false

        func run() async throws {
            try await reportingErrors {
                guard
                    let lock = try await database.operations().releaseLock(
                        key, owner: owner, force: force, by: .local(via: .cli))
                else { throw CLIError("no lock is held on \(key)") }
                StandardStreams.out("released lock \(key) (held by \(lock.owner))")
            }
        }
    }
}
