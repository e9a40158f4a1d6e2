import ArgumentParser
import DurableJobs
import Foundation
import JobStore
import StackShiftServer

/// `stackshift events …`: send an event, list recent ones, delete one.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Send events to waiting runs, list recent events, and delete one.",
        subcommands: [Send.self, List.self, Delete.self])

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an event; runs waiting on its name and key resume with the payload.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The event name, e.g. payment.confirmed.") var name: String
        @Option(help: "The correlation key, e.g. pay_123.") var key: String
        @Option(help: "The payload: JSON text, or @FILE to read it from a file.") var payload: String = "null"
        @Option(
            name: .customLong("retention"), parsing: .unconditional,
            help: "How long the event is kept for runs that wait later: 30m, 24h, 7d (default: 24h).")
        var retentionText: String?

        func run() async throws {
            try await reportingErrors {
                let retention = try DurationOption.duration(retentionText, option: "--retention")
                let json = try PayloadArgument.read(payload)
                let result = try await database.operations().sendEvent(
                    name, key: key, payloadJSON: json, retention: retention, by: .local(via: .cli))
                if result.resumed.isEmpty {
                    StandardStreams.out(
                        "event \(name) key \(key) stored (#\(result.event.id)); no run is waiting on it yet")
                } else {
                    StandardStreams.out(
                        "event \(name) key \(key) resumed \(result.resumed.count) run(s): "
                            + result.resumed.joined(separator: ", "))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recent events, newest first; with --rejected, the webhook deliveries the server refused.",
            discussion: """
                A webhook delivery `stackshift serve` refuses (no correlation key at its pointer, a bad \
                signature, a body that is not JSON) sends no event; --rejected lists those deliveries with the \
                reason, so a payment confirmation that never resumed its run can be found and sent by hand.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this event name.") var name: String?
        @Option(help: "Only this key.") var key: String?
        @Flag(help: "Only events no run has consumed.") var unconsumed = false
        @Flag(help: "List the rejected webhook deliveries instead of events.") var rejected = false
        @Option(help: "Only this webhook's rejected deliveries (with --rejected).") var webhook: String?
        @Option(parsing: .unconditional, help: "The most events to show.") var limit: Int = 50

        func validate() throws {
            try ListLimit.validate(limit)
            if rejected {
                let eventOptions = [("--name", name != nil), ("--key", key != nil), ("--unconsumed", unconsumed)]
                    .filter(\.1).map(\.0)
                guard eventOptions.isEmpty else {
                    throw ValidationError(
                        "\(eventOptions.joined(separator: ", ")) narrows events, not rejected deliveries; with "
                            + "--rejected, narrow with --webhook NAME")
                }
            } else if webhook != nil {
                throw ValidationError("--webhook lists a webhook's rejected deliveries: add --rejected")
            }
        }
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let operations = try await database.operations(readOnly: true)
                if rejected { return try await listRejected(operations) }
                let events = try await operations.events(
                    name: name, key: key, unconsumedOnly: unconsumed, limit: limit)
                if json { return try StandardStreams.json(events) }
                var table = TextTable(headers: ["ID", "NAME", "KEY", "RECEIVED", "RESUMED", "PAYLOAD"])
                for event in events {
                    table.append([
                        "\(event.id)", event.name, event.key, Formatting.timestamp(event.receivedAt),
                        event.consumedBy.isEmpty ? "-" : event.consumedBy.joined(separator: ","),
                        String(event.payloadJSON.prefix(60)),
                    ])
                }
                StandardStreams.out(events.isEmpty ? "no events" : table.render())
            }
        }

        /// The rejected webhook deliveries, newest first: the body cut to fit a line, its control characters
        /// shown as escapes (it is whatever the sender sent).
        private func listRejected(_ operations: Operations) async throws {
            let deliveries = try await operations.rejectedWebhooks(webhook: webhook, limit: limit)
            if json { return try StandardStreams.json(deliveries.map(RejectedDelivery.init)) }
            var table = TextTable(headers: ["ID", "WEBHOOK", "EVENT", "RECEIVED", "REASON", "BODY"])
            for delivery in deliveries {
                table.append([
                    "\(delivery.id)", delivery.webhook, delivery.eventName, Formatting.timestamp(delivery.receivedAt),
                    delivery.reason, RejectedDeliveryText.bodyPreview(delivery.body, width: 60),
                ])
            }
            let scope = webhook.map { " to webhook \($0)" } ?? ""
            StandardStreams.out(deliveries.isEmpty ? "no rejected webhook deliveries\(scope)" : table.render())
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an event, so no run that waits for it later receives it.",
            discussion: "Runs it already resumed keep what they received. The id is the one events list shows.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The event id (see events list).") var id: Int64

        func run() async throws {
            try await reportingErrors {
                try await database.operations().deleteEvent(id, by: .local(via: .cli))
                StandardStreams.out("deleted event \(id)")
            }
        }
    }
}
