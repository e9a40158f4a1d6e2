import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// `GET /metrics`: the whole system's gauges in Prometheus text format, computed from the database on each
/// scrape (``SystemMetrics``), so one server shows every worker's work.
enum MetricsRoutes {
    static let all: [APIRoute] = [
        APIRoute(
            method: .get, path: "/metrics", scope: .read,
            summary: "Prometheus metrics (text format 0.0.4): runs by queue, job and status, queue depth and oldest "
                + "queued age, waits, failure groups, workers and heartbeat age, locks.",
            handler: scrape)
    ]

    static func scrape(_ call: APICall) async throws -> Response {
        let text = try await SystemMetrics.render(call.operations)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
