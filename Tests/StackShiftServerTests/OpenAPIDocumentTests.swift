import DurableJobs
import Foundation
import JobStore
import Testing

@testable import StackShiftServer

/// `/v1/openapi.json` lists every route the server answers, and the server answers every route it lists.
@Suite("Serve: OpenAPI document", .timeLimit(.minutes(2)))
struct OpenAPIDocumentTests {
    @Test("the document's operations are exactly the router's routes, and each is answered (never no_route)")
    func everyRoute() async throws {
        try await ServedDatabase.with { served in
            let answer = try await served.request(.GET, "/v1/openapi.json")
            #expect(answer.status == 200)
            let document = try #require(answer.json)
            #expect(document["openapi"] == .string("3.1.0"))
            guard case .object(let paths)? = document["paths"] else {
                Issue.record("no paths: \(answer.text)")
                return
            }
            var documented: Set<String> = []
            for (path, operations) in paths {
                guard case .object(let methods) = operations else { continue }
                for (method, _) in methods { documented.insert("\(method.uppercased()) \(path)") }
            }
            let routed = Set(APIServer.routes.map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == routed)
            #expect(routed.count == APIServer.routes.count, "no route is listed twice")

            // Each documented route reaches its handler: whatever it answers (401, 422, …), it is not "no route".
            for entry in documented.sorted() {
                let parts = entry.split(separator: " ", maxSplits: 1)
                let path = parts[1].replacingOccurrences(of: "{id}", with: "run_x")
                    .replacingOccurrences(of: "{key}", with: "k").replacingOccurrences(of: "{name}", with: "n")
                let answer = try await served.request(.init(rawValue: String(parts[0])), path)
                #expect(answer.errorCode != "no_route", "\(entry) answered \(answer.text)")
            }
        }
    }

    @Test("every operation has an id, a summary, and a scope when it needs a key")
    func operationsDescribed() {
        let routes = APIServer.routes
        #expect(Set(routes.map(\.operationId)).count == routes.count)
        #expect(routes.allSatisfy { !$0.summary.isEmpty })
        let open = routes.filter { $0.scope == nil }.map(\.path).sorted()
        #expect(open == ["/v1/openapi.json", "/v1/webhooks/{name}"], "only the document and webhooks need no key")
    }
}
