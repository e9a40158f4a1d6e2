import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift keys …`: the API keys `stackshift serve` accepts.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke the API keys of stackshift serve.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key and print its token, this once.",
            discussion: """
                Scopes: read (every GET), events (send events and webhooks only: what a provider's webhook \
                sender gets), operate (everything). The token is the only line on standard output, so a script \
                can capture it; the store keeps a salted hash of it, so it cannot be shown again. A name is taken \
                until its key is revoked.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The key's name, e.g. stripe-webhooks.") var name: String
        @Option(help: "What the key may do: read, events or operate.") var scope: APIKeyScope
        @Option(
            name: .customLong("expires"), parsing: .unconditional,
            help: "How long until the key stops working: 90d, 12h (1m to 3650d; default: never).")
        var expiresText: String?

        func run() async throws {
            try await reportingErrors {
                let lifetimes = Operations.apiKeyLifetimes
                let lifetime = try DurationOption.seconds(
                    expiresText, option: "--expires",
                    limits: DurationLimits(minimum: lifetimes.lowerBound, maximum: lifetimes.upperBound))
                let issued = try await database.operations().createAPIKey(
                    name: name, scope: scope, expiresIn: lifetime, by: .local(via: .cli))
                let expiry = issued.key.expiresAt.map { "expires \(Formatting.timestamp($0))" } ?? "never expires"
                StandardStreams.error(
                    "created API key \(issued.key.name) (scope \(issued.key.scope.rawValue), \(expiry))")
                StandardStreams.out(issued.token.text)
                StandardStreams.error(
                    "the token above is shown this once and cannot be shown again: store it now (the database keeps "
                        + "only a salted hash)")
                StandardStreams.error("send it with each request: Authorization: Bearer <the token above>")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every API key with its scope, use and status (active, revoked, expired); never a token.")

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let now = Date()
                let keys = try await database.operations(readOnly: true).apiKeys().map { KeyView($0, now: now) }
                if json { return try StandardStreams.json(keys) }
                var table = TextTable(headers: ["NAME", "SCOPE", "CREATED", "LAST USED", "EXPIRES", "STATUS"])
                for key in keys {
                    table.append([
                        key.name, key.scope.rawValue, Formatting.timestamp(key.createdAt),
                        key.lastUsedAt.map(Formatting.timestamp) ?? "never",
                        key.expiresAt.map(Formatting.timestamp) ?? "never", key.status.rawValue,
                    ])
                }
                StandardStreams.out(
                    keys.isEmpty
                        ? "no API keys yet (create one with stackshift keys create NAME --scope …)"
                        : table.render())
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an API key: the next request with its token is refused.",
            discussion: "The key stays listed as revoked, and its name can be given to a new key.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The key's name (see keys list).") var name: String

        func run() async throws {
            try await reportingErrors {
                let key = try await database.operations().revokeAPIKey(named: name, by: .local(via: .cli))
                StandardStreams.out("revoked API key \(key.name); requests with its token are refused from now on")
            }
        }
    }
}

extension APIKeyScope: ExpressibleByArgument {}
