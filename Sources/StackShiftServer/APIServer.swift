import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore
import Logging

/// `stackshift serve`: the operations API over HTTP, for services in any language and for monitoring.
///
/// Every endpoint calls ``Operations`` (never the store), acting as `key:NAME via http`, so each write is in
/// the audit trail under the key that made it. Routes come from one table (``routes``) that the router, the
/// key check and `/v1/openapi.json` all read.
public struct APIServer: Sendable {
    /// The operations every endpoint calls.
    public let operations: Operations
    /// Where it listens and what it accepts.
    public let configuration: ServerConfiguration
    /// The webhooks it exposes at `/v1/webhooks/NAME`.
    public let webhooks: [WebhookDefinition]
    /// Where access and error logs go.
    public let logger: Logger
    /// Keys verified before, for the routes whose write confirms the key (``APIRoute/keyConfirmedByWrite``).
    let keys = APIKeyCache()

    /// Creates a server over `operations`.
    public init(
        operations: Operations, configuration: ServerConfiguration = ServerConfiguration(),
        webhooks: [WebhookDefinition] = [], logger: Logger = Logger(label: "stackshift.serve")
    ) {
        self.operations = operations
        self.configuration = configuration
        self.webhooks = webhooks
        self.logger = logger
    }

    /// Every route, in the order the OpenAPI document lists them.
    static var routes: [APIRoute] {
        RunRoutes.all + EventRoutes.all + WebhookRoutes.all + StateRoutes.all + SystemRoutes.all + ChangeRoutes.all
            + MetricsRoutes.all + OpenAPIDocument.routes
    }

    /// The router: each route's handler behind its key check, errors answered as JSON, each request logged.
    func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: UnmatchedRouteMiddleware())
        for route in Self.routes {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                await answer(request, context: context, with: route)
            }
        }
        return router
    }

    /// Answers one request with `route`: checks the key, runs the handler, turns any error into its JSON
    /// answer, and logs the request with its status, time and key.
    private func answer(_ request: Request, context: APIRequestContext, with route: APIRoute) async -> Response {
        let began = ContinuousClock.now
        var context = context
        let response: Response
        do {
            if let scope = route.scope {
                context.key =
                    route.keyConfirmedByWrite
                    ? try await operations.authenticate(Self.bearerToken(request), needs: scope, cache: keys)
                    : try await operations.authenticate(Self.bearerToken(request), needs: scope)
            }
            response = try await route.handler(
                APICall(
                    request: request, context: context, operations: operations, configuration: configuration,
                    webhooks: webhooks))
        } catch {
            let answer = APIError.answering(await refusal(of: context.key, in: request, for: route) ?? error)
            if answer.status.code >= 500 {
                logger.error(
                    "request failed",
                    metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            }
            response = answer.response()
        }
        logger.info(
            "\(request.method.rawValue) \(request.uri.path) \(response.status.code)",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
                "status": "\(response.status.code)",
                "ms": "\(((ContinuousClock.now - began) / .milliseconds(1) * 10).rounded() / 10)",
                "key": "\(context.key?.name ?? "-")",
            ])
        return response
    }

    /// Why a key taken from the cache is refused, when a request made with it failed: the key may have been
    /// revoked or have expired since it was kept, and such a key is answered with its own refusal (401), never
    /// with what the request would have found (a run's state, a 404). nil when the key is still good, the
    /// route reads its key anyway, or the store cannot say.
    private func refusal(of key: APIKeyRecord?, in request: Request, for route: APIRoute) async -> APIKeyRefusal? {
        guard route.keyConfirmedByWrite, let key, let scope = route.scope else { return nil }
        do {
            _ = try await operations.authenticate(Self.bearerToken(request), needs: scope)
            return nil
        } catch let refusal as APIKeyRefusal {
            keys.forget(lookup: key.lookup)
            return refusal
        } catch {
            return nil
        }
    }

    /// The token of an `Authorization: Bearer …` header; nil when there is none (`missing`), the raw header
    /// when its scheme is not Bearer (refused as malformed).
    static func bearerToken(_ request: Request) -> String? {
        guard let raw = request.headers[.authorization] else { return nil }
        let header = trimmed(raw[...])
        guard !header.isEmpty else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return String(header) }
        return String(trimmed(parts[1]))
    }

    /// `text` without the whitespace around it. Every request's header passes here, so it stays off
    /// Foundation's `trimmingCharacters(in:)`, which bridges through NSString.
    private static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return text[first...last]
    }

    /// The Hummingbird application, calling `onRunning` with the port once it listens.
    func application(
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "stackshift"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting, lets requests in progress finish, and returns.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// Serves until the calling task is cancelled (tests): the same application without signal handling.
    public func runUntilCancelled(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService(gracefulShutdownSignals: [])
    }
}

/// Answers a path no route matches (or a method a path does not take) with the JSON error every other
/// failure gets, instead of an empty 404.
struct UnmatchedRouteMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return APIError(
                .notFound, "no_route",
                "no endpoint \(request.method.rawValue) \(request.uri.path); the API is listed at /v1/openapi.json"
            ).response()
        } catch {
            return APIError.answering(error).response()
        }
    }
}
