import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// An error as the API answers it: `{"error": {"code": "...", "message": "..."}}` with a status that says
/// whose problem it is (4xx: the request's, naming what to change; 5xx: the server's).
public struct APIError: Error, Sendable, Hashable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable code clients can switch on (`not_found`, `invalid_input`, …).
    public var code: String
    /// What went wrong and what to do, in words.
    public var message: String

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// A request body that is not the JSON the endpoint takes.
    static func badJSON(_ problem: String) -> APIError {
        APIError(.badRequest, "bad_json", "the request body is not valid JSON: \(problem)")
    }

    /// A query parameter or field with a value the endpoint cannot use.
    static func badParameter(_ name: String, _ problem: String) -> APIError {
        APIError(.badRequest, "bad_parameter", "\(name): \(problem)")
    }

    /// The error any failure while handling a request is answered with. Errors of the store and the engine
    /// keep their own message (it names the fix); anything unexpected becomes a 500 without details, which
    /// are logged instead.
    static func answering(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let refusal as APIKeyRefusal:
            return APIError(
                refusal.isForbidden ? .forbidden : .unauthorized, refusal.isForbidden ? "forbidden" : "unauthorized",
                refusal.description)
        case let error as JobStoreError:
            return answering(error)
        case let error as JobError:
            return APIError(.unprocessableContent, "invalid_input", error.message)
        case let error as HTTPError where error.status == .contentTooLarge:
            return APIError(
                .contentTooLarge, "body_too_large",
                "the request body is larger than this server accepts (`stackshift serve --body-limit`)")
        case let error as HTTPError:
            return APIError(error.status, "http_error", error.body ?? error.status.reasonPhrase)
        default:
            return APIError(
                .internalServerError, "internal", "the server could not handle this request; its log has the details")
        }
    }

    private static func answering(_ error: JobStoreError) -> APIError {
        let message = error.description
        switch error {
        case .runNotFound, .scheduleNotFound: return APIError(.notFound, "not_found", message)
        case .runPruned: return APIError(.notFound, "pruned", message)
        case .invalidTransition: return APIError(.conflict, "invalid_transition", message)
        case .versionConflict: return APIError(.conflict, "version_conflict", message)
        case .leaseLost: return APIError(.conflict, "lease_lost", message)
        case .invalidInput, .notAnInteger: return APIError(.unprocessableContent, "invalid_input", message)
        case .unavailable, .incompatibleDatabase: return APIError(.serviceUnavailable, "unavailable", message)
        case .apiKeyNotUsable: return APIError(.unauthorized, "unauthorized", message)
        }
    }

    /// The JSON response for this error.
    func response() -> Response {
        let body = ErrorBody(error: .init(code: code, message: message))
        return APIResponse.json(body, status: status)
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }
}
