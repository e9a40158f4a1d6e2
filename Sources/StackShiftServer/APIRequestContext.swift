import Hummingbird
import JobStore
import Logging

/// What a request carries through the server: Hummingbird's own context, and the API key that authenticated
/// it once the route's scope was checked.
public struct APIRequestContext: RequestContext {
    /// Hummingbird's storage (logger, request id, parameters).
    public var coreContext: CoreRequestContextStorage
    /// The key the request was made with; nil before authentication and on routes that need none.
    public var key: APIKeyRecord?

    /// Creates the context of a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
