import Foundation

/// How `stackshift serve` listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port; 0 picks a free one (tests).
    public var port: Int
    /// The largest request body accepted, in bytes; larger ones are refused with 413 before they are read.
    public var bodyLimit: Int

    /// The default body limit: 1 MiB.
    public static let standardBodyLimit = 1 << 20

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8080, bodyLimit: Int = Self.standardBodyLimit) {
        self.host = host
        self.port = port
        self.bodyLimit = bodyLimit
    }
}
