import Foundation
import PostgresNIO
import Synchronization

/// Listens on `stackshift_changes` over one dedicated connection and wakes the subscribers a change on this
/// store's schema concerns when it commits.
///
/// The connection opens with the first subscriber and reconnects with backoff (100 ms doubling to 5 s) when
/// it drops; after each (re)connect subscribers are woken once, because notifications sent while it was
/// down are gone and only a fresh read finds what they announced.
final class ChangeListener: Sendable {
    /// What a subscriber is woken for.
    enum Interest: Sendable {
        /// Every change: the console, which shows them.
        case everyChange
        /// Changes that may let a worker claim (see ``wakesClaimers(_:)``).
        case claimable
    }

    private struct Subscriber {
        let interest: Interest
        let continuation: AsyncStream<Void>.Continuation
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextId = 0
        var task: Task<Void, Never>?
        var closed = false
    }

    private let endpoint: Endpoint
    private let state = Mutex(State())

    init(endpoint: Endpoint) {
        self.endpoint = endpoint
    }

    /// A new stream of wake-ups for `interest`; it ends when the store closes. Bursts coalesce into one
    /// pending element.
    func subscribe(_ interest: Interest) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            let id = state.nextId
            state.nextId += 1
            state.subscribers[id] = Subscriber(interest: interest, continuation: continuation)
            if state.task == nil {
                state.task = Task { await self.listen() }
            }
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Stops listening and ends every stream.
    func close() {
        let (task, subscribers) = state.withLock { state in
            state.closed = true
            defer {
                state.subscribers.removeAll()
                state.task = nil
            }
            return (state.task, Array(state.subscribers.values))
        }
        task?.cancel()
        for subscriber in subscribers { subscriber.continuation.finish() }
    }

    /// Wakes every subscriber, or only those interested in every change when `claimers` is false.
    private func wake(claimers: Bool) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers where claimers || subscriber.interest == .everyChange {
            subscriber.continuation.yield()
        }
    }

    /// Whether a notification's payload (after `<schema>:`) may announce a run a worker can claim: a run
    /// queued, a run that stopped running (freeing a slot of its queue's limit) or queue settings changed. Not
    /// for claims and step saves (`<sequence>:running`) nor for retention's deletions (`pruned`): waking every
    /// worker to claim on each of them made idle workers claim in a loop, for nothing, as fast as steps ran.
    static func wakesClaimers(_ payload: Substring) -> Bool {
        !(payload.hasSuffix(":running") || payload == "pruned")
    }

    private func listen() async {
        let prefix = endpoint.schema + ":"
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            if let connection = try? await endpoint.connect() {
                do {
                    try await connection.listen(on: Transaction.channel) { notifications in
                        backoff = .milliseconds(100)
                        wake(claimers: true)
                        for try await notification in notifications where notification.payload.hasPrefix(prefix) {
                            wake(claimers: Self.wakesClaimers(notification.payload.dropFirst(prefix.count)))
                        }
                    }
                } catch {
                    // The connection dropped; reconnect below.
                }
                try? await connection.close()
            }
            guard !Task.isCancelled else { return }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }
}
