import ArgumentParser
import DurableJobs
import Foundation
import JobStore
import Logging
import StackShiftServer

/// `stackshift serve`: the operations API over HTTP, with API keys, webhooks, the change stream and `/metrics`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the operations API over HTTP: runs, events, webhooks, state, changes and /metrics.",
        discussion: """
            Every request needs an API key (`stackshift keys create`) sent as `Authorization: Bearer TOKEN`, \
            except a webhook with a signing secret, which checks the body's signature instead. The API is \
            described at /v1/openapi.json. A webhook is NAME=EVENT:JSON_POINTER[:SECRET_ENV]: deliveries to \
            POST /v1/webhooks/NAME send event EVENT, keyed by the value at JSON_POINTER in the body, and must \
            be signed with the secret in the environment variable SECRET_ENV when one is named; a delivery it \
            refuses is kept (`stackshift events list --rejected`). Stops on SIGINT or SIGTERM after the requests \
            in progress have been answered. Access logs go to standard error.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Where to listen: HOST:PORT, or [IPV6]:PORT (0.0.0.0 listens on every interface; port 0 picks one).")
    var listen = "127.0.0.1:8080"
    @Option(
        parsing: .unconditional,
        help: "The largest request body accepted: bytes, or KiB/MiB (1KiB to 64MiB; default 1MiB).")
    var bodyLimit: String?
    @Option(
        name: .customLong("webhook"), parsing: .unconditionalSingleValue,
        help: "A webhook, NAME=EVENT:JSON_POINTER[:SECRET_ENV] (repeatable), e.g. stripe=payment.confirmed:/data/id.")
    var webhookTexts: [String] = []
    @Option(
        name: .customLong("webhooks"),
        help: "A YAML file listing webhooks: - {name: …, event: …, pointer: …, secretEnv: …}.")
    var webhooksFile: String?

    /// The body limits allowed: one KiB (smaller would refuse an ordinary event) to 64 MiB (larger would let
    /// a few requests hold the server's memory).
    static let bodyLimits = 1024...(64 << 20)

    func run() async throws {
        try await reportingErrors {
            // Everything given is checked before the database is opened: a mistake starts nothing.
            let address = try ListenAddress(parsing: listen)
            let limit = try bodyLimit.map(Self.bodyLimit) ?? ServerConfiguration.standardBodyLimit
            let webhooks = try Self.webhooks(
                webhookTexts, file: webhooksFile, environment: ProcessInfo.processInfo.environment)
            let location = try database.location()
            let label = try database.label()
            let operations = try await database.operations()
            let server = APIServer(
                operations: operations,
                configuration: ServerConfiguration(host: address.host, port: address.port, bodyLimit: limit),
                webhooks: webhooks, logger: Self.logger())
            let store = DatabaseOptions.isPostgres(location) ? "PostgreSQL \(label)" : "SQLite \(label)"
            do {
                try await server.run { port in
                    StandardStreams.out(
                        "stackshift serve: listening on http://\(address.authority(port: port)) (\(store)) — "
                            + "API at /v1, docs at /v1/openapi.json")
                }
            } catch {
                // Most often the port is taken, or the address is not this machine's.
                throw CLIError("cannot serve on \(address.authority(port: address.port)): \(describe(error))")
            }
        }
    }

    /// Access and error logs, on standard error: standard output carries the one line saying where it listens.
    static func logger() -> Logger {
        Logger(label: "stackshift.serve") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
    }

    /// `--body-limit`: a number of bytes, or of KiB or MiB (`512KiB`, `2MiB`), within ``bodyLimits``.
    static func bodyLimit(_ text: String) throws -> Int {
        let units: [(suffix: String, bytes: Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("B", 1)]
        let unit = units.first { text.hasSuffix($0.suffix) } ?? ("", 1)
        let digits = text.dropLast(unit.suffix.count)
        // Digits only, and few enough that the product cannot overflow.
        guard !digits.isEmpty, digits.utf8.count <= 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int(digits)
        else {
            throw CLIError("--body-limit \(text) is not a size: give bytes (1048576), or KiB or MiB (512KiB, 2MiB)")
        }
        let bytes = count * unit.bytes
        guard bodyLimits.contains(bytes) else {
            throw CLIError(
                "--body-limit \(text) is out of range: from \(bodyLimits.lowerBound) bytes (1KiB) to "
                    + "\(bodyLimits.upperBound) bytes (64MiB)")
        }
        return bytes
    }

    /// The webhooks of `--webhook` and `--webhooks FILE`, in that order; a name given twice is refused.
    static func webhooks(
        _ texts: [String], file: String?, environment: [String: String]
    ) throws -> [WebhookDefinition] {
        var definitions: [WebhookDefinition] = []
        for text in texts {
            do {
                definitions.append(try WebhookDefinition(parsing: text, environment: environment))
            } catch {
                throw CLIError("--webhook \(describe(error))")
            }
        }
        if let file {
            definitions += try WebhookFile.load(path: file).definitions(environment: environment)
        }
        var seen: Set<String> = []
        for definition in definitions where !seen.insert(definition.name).inserted {
            throw CLIError(
                "the webhook name \(definition.name) is given twice: each webhook needs a name of its own, the last "
                    + "part of its URL /v1/webhooks/NAME")
        }
        return definitions
    }
}
