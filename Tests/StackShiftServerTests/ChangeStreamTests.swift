import AsyncHTTPClient
import DurableJobs
import Foundation
import JobStore
import NIOCore
import Testing

@testable import StackShiftServer

/// `GET /v1/changes` over real HTTP: timeline entries as Server-Sent Events, live, and resumed after a
/// reconnect from the last id seen without a gap or a repeat.
@Suite("Serve: change stream", .timeLimit(.minutes(2)))
struct ChangeStreamTests {
    /// One SSE event as read.
    struct Event: Equatable {
        var id: Int64
        var kind: String
        var runId: String?
    }

    /// Opens the stream and reads events until `count` arrived, calling `whileOpen` once it is open.
    static func read(
        _ served: ServedDatabase, token: String, query: String = "", lastEventID: Int64? = nil, count: Int,
        whileOpen: @Sendable () async throws -> Void = {}
    ) async throws -> [Event] {
        var request = HTTPClientRequest(url: served.baseURL + "/v1/changes" + query)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: "\(lastEventID)") }
        let response = try await served.http.execute(request, timeout: .seconds(120))
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"].first == "text/event-stream")
        var text = ""
        var events: [Event] = []
        var opened = false
        for try await chunk in response.body {
            text += String(buffer: chunk)
            if !opened, text.contains(": stackshift change stream") {
                opened = true
                try await whileOpen()
            }
            events = parse(text)
            if events.count >= count { break }
        }
        return events
    }

    /// The complete events in `text` (each ends with a blank line); comments are skipped.
    static func parse(_ text: String) -> [Event] {
        text.components(separatedBy: "\n\n").dropLast().compactMap { block in
            var id: Int64?
            var kind: String?
            var runId: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int64(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { kind = String(line.dropFirst(7)) }
                if line.hasPrefix("data: "),
                    case .string(let run)? = JSONValue.parse(String(line.dropFirst(6)))?["runId"]
                {
                    runId = run
                }
            }
            guard let id, let kind else { return nil }
            return Event(id: id, kind: kind, runId: runId)
        }
    }

    @Test("entries stream from ?after=0, then live; a reconnect with Last-Event-ID continues without gap or repeat")
    func streamAndResume() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.read)
            var ids: [RunID] = []
            for index in 0..<3 { ids.append(try await served.engine.start("mail", payload: index).id) }

            let engine = served.engine
            let first = try await Self.read(served, token: token, query: "?after=0", count: 4) {
                _ = try await engine.start("mail", payload: 99)
            }
            #expect(first.map(\.kind) == ["created", "created", "created", "created"], "\(first)")
            #expect(Array(first.prefix(3).map(\.runId)) == ids)
            #expect(first.map(\.id) == first.map(\.id).sorted() && Set(first.map(\.id)).count == 4)

            for index in 0..<2 { _ = try await served.engine.start("mail", payload: 100 + index) }
            let resumed = try await Self.read(served, token: token, lastEventID: first[1].id, count: 4)
            #expect(resumed.map(\.id) == Array(first[2...3].map(\.id)) + resumed.suffix(2).map(\.id))
            #expect(resumed.count == 4 && resumed[2].id > first[3].id, "the two new runs follow, nothing repeated")

            let bad = try await served.request(
                .GET, "/v1/changes", token: token, headers: [("Last-Event-ID", "yesterday")])
            #expect(bad.status == 400 && bad.errorMessage?.contains("Last-Event-ID") == true)
        }
    }
}
