import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// `GET /v1/changes`: the change feed the console follows, as Server-Sent Events.
///
/// Each timeline entry is one event: `id:` its sequence number, `event:` its kind, `data:` the entry as JSON.
/// A client that reconnects with `Last-Event-ID` (browsers' EventSource do) or `?after=N` continues after
/// the last entry it saw, so nothing is missed or repeated while the entries are kept.
enum ChangeRoutes {
    /// How often an idle stream looks for changes: a change reaches clients within this (the console's
    /// live budget), whichever process made it.
    static let pollInterval = Duration.milliseconds(250)
    /// How often an idle stream sends a comment line, so proxies keep the connection and a gone client is noticed.
    static let keepAliveInterval = Duration.seconds(15)
    /// The header a reconnecting EventSource sends with the last id it received.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// Entries read per store call.
    static let batchSize = 500

    static let all: [APIRoute] = [
        APIRoute(
            method: .get, path: "/v1/changes", scope: .read,
            summary: "The change feed as Server-Sent Events (text/event-stream), from after `after` or the "
                + "Last-Event-ID header; without either, from now.",
            parameters: [APIRoute.query("after", "integer", "Send entries after this sequence number.")],
            handler: stream)
    ]

    static func stream(_ call: APICall) async throws -> Response {
        let resumeFrom = try call.request.headers[lastEventID].map { header -> Int64 in
            guard let value = Int64(header.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                throw APIError.badParameter("Last-Event-ID", "must be a sequence number this stream sent")
            }
            return value
        }
        let after = try resumeFrom ?? call.query.integer64("after", in: 0...Int64.max)
        let operations = call.operations
        let start: Int64
        if let after {
            start = after
        } else {
            start = try await operations.latestSequence()
        }
        let body = ResponseBody { writer in
            try await follow(operations, after: start, writer: &writer)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/event-stream", .cacheControl: "no-cache",
                HTTPField.Name("X-Accel-Buffering")!: "no",
            ],
            body: body)
    }

    /// Writes every entry after `sequence` as it appears, until the client goes (a write fails) or the server
    /// shuts down (the task is cancelled).
    private static func follow(
        _ operations: Operations, after sequence: Int64, writer: inout any ResponseBodyWriter
    ) async throws {
        var cursor = sequence
        var lastWrite = ContinuousClock.now
        // A first comment tells the client the stream is open before any change comes.
        try await writer.write(ByteBuffer(string: ": stackshift change stream after \(cursor)\n\n"))
        while !Task.isCancelled {
            let entries = try await operations.changes(after: cursor, limit: batchSize)
            if !entries.isEmpty {
                var text = ""
                for entry in entries { text += event(entry, encoder: APIResponse.encoder) }
                try await writer.write(ByteBuffer(string: text))
                cursor = entries[entries.count - 1].sequence
                lastWrite = .now
                if entries.count == batchSize { continue }
            } else if ContinuousClock.now - lastWrite >= keepAliveInterval {
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                lastWrite = .now
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// One entry as an SSE event; the JSON is one line, so it needs no `data:` continuation.
    static func event(_ entry: TimelineEntry, encoder: JSONEncoder) -> String {
        let data = (try? encoder.encode(entry)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(entry.sequence)\nevent: \(entry.kind.rawValue)\ndata: \(data)\n\n"
    }
}
