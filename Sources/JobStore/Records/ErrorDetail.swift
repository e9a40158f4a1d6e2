/// What went wrong: the error's type, its message and where it was thrown.
public struct ErrorDetail: Sendable, Codable, Hashable {
    /// The Swift type name of the error (`URLError`, `JobError`), or a store-defined kind (`LeaseExpired`).
    public var type: String
    /// The human-readable message.
    public var message: String
    /// Where it was thrown: a step name, or `file:line`.
    public var location: String?
    /// Whether a retry may help. Non-retryable errors fail the run at once.
    public var retryable: Bool

    /// Creates an error description.
    public init(type: String, message: String, location: String? = nil, retryable: Bool = true) {
        self.type = type
        self.message = message
        self.location = location
        self.retryable = retryable
    }
}
