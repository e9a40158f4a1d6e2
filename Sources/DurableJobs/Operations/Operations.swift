import Foundation
import JobStore
import Logging

/// The one path for every operator action and for the reads the console, the CLI and the server show.
///
/// ```swift
/// let operations = StackShift(store: store).operations
/// let me = Operator.local(via: .cli)
/// try await operations.retry("run_01J…", by: me)
/// try await operations.sendEvent("payment.confirmed", key: "pay_123", payloadJSON: #"{"ok":true}"#, by: me)
/// ```
///
/// Front ends never call a ``JobStore`` themselves: each rule of an action (which runs a filter selects, how
/// long an event is kept, which lock owner may be released) is written here once. Every action that changes
/// data names its ``Operator`` and passes through one place that records it.
public struct Operations: Sendable {
    let client: StackShift

    /// The operations of a client: its store, clock and settings.
    public init(client: StackShift) {
        self.client = client
    }

    var store: any JobStore { client.store }

    /// The engine's settings these operations apply.
    public var settings: EngineSettings { client.settings }

    /// The time operations stamp on what they write (the client's clock).
    public func now() -> Date { client.clock.now() }

    /// Carries out one operator action and records who did it and how it ended: the one place an audit
    /// trail is written.
    func perform<Result: Sendable>(
        _ action: String, by actor: Operator, _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            let result = try await body()
            client.logger.info(
                "operator action", metadata: ["action": "\(action)", "operator": "\(actor)", "outcome": "done"])
            return result
        } catch {
            client.logger.info(
                "operator action",
                metadata: ["action": "\(action)", "operator": "\(actor)", "outcome": "refused: \(error)"])
            throw error
        }
    }
}

extension StackShift {
    /// Operator actions and reads over this client's store: what the console, the CLI and the server call.
    public var operations: Operations { Operations(client: self) }
}
