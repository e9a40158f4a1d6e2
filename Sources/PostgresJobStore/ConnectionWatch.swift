import Foundation
import PostgresNIO
import Synchronization

/// Makes a statement fail, rather than wait forever, when its connection closes.
///
/// PostgresNIO 1.33.2 drops a query written to a connection whose channel pipeline has already been torn
/// down after a close, and that query's result never arrives. ``Transaction`` checks `isClosed` before each
/// statement, which catches dead connections the pool hands out; this closes the remaining window (the
/// connection closing between that check and the write). Each pooled connection gets one watch, told by the
/// connection's close future; a statement runs in a task of its own and whichever comes first — its result
/// or the close — answers the caller. A statement abandoned that way stays suspended; it is rare and small.
final class ConnectionWatches: Sendable {
    private let watches = Mutex<[PostgresConnection.ID: ConnectionWatch]>([:])

    /// The watch for a pooled connection, registering its close callback the first time.
    func watch(_ connection: PostgresConnection) -> ConnectionWatch {
        let id = connection.id
        let (watch, isNew) = watches.withLock { watches -> (ConnectionWatch, Bool) in
            if let watch = watches[id] { return (watch, false) }
            let watch = ConnectionWatch()
            watches[id] = watch
            return (watch, true)
        }
        if isNew {
            connection.closeFuture.whenComplete { [weak self] _ in
                watch.closed()
                _ = self?.watches.withLock { $0.removeValue(forKey: id) }
            }
        }
        return watch
    }
}

/// One connection's watch: at most one statement in flight (a connection runs one transaction at a time).
final class ConnectionWatch: Sendable {
    private typealias Waiter = CheckedContinuation<[PostgresRow], any Error>

    private struct State {
        var isClosed = false
        var token = 0
        var pending: (token: Int, waiter: Waiter)?
    }

    private let state = Mutex(State())

    /// Runs `statement`, failing with ``ConnectionClosed`` as soon as the connection closes.
    func run(_ statement: @escaping @Sendable () async throws -> [PostgresRow]) async throws -> [PostgresRow] {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let token = state.withLock { state -> Int? in
                guard !state.isClosed else { return nil }
                state.token += 1
                state.pending = (state.token, waiter)
                return state.token
            }
            guard let token else {
                waiter.resume(throwing: ConnectionClosed())
                return
            }
            Task {
                let result: Result<[PostgresRow], any Error>
                do {
                    result = .success(try await statement())
                } catch {
                    result = .failure(error)
                }
                self.take(token)?.resume(with: result)
            }
        }
    }

    /// Called once, when the connection closes.
    func closed() {
        let waiter = state.withLock { state -> Waiter? in
            state.isClosed = true
            defer { state.pending = nil }
            return state.pending?.waiter
        }
        waiter?.resume(throwing: ConnectionClosed())
    }

    private func take(_ token: Int) -> Waiter? {
        state.withLock { state in
            guard let pending = state.pending, pending.token == token else { return nil }
            state.pending = nil
            return pending.waiter
        }
    }
}
