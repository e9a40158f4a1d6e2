import Foundation
import JobStore
import Logging

/// A registered job with its handler erased to JSON in, JSON out.
struct JobDefinition: Sendable {
    /// Everything a handler invocation needs besides the payload type.
    struct Invocation: Sendable {
        let attempt: AttemptState
        let store: any JobStore
        let clock: any JobClock
        let logger: Logger?
    }

    let name: String
    let options: JobOptions
    let invoke: @Sendable (Invocation) async throws -> String

    init<Payload: Decodable & Sendable, Output: Encodable & Sendable>(
        name: String, options: JobOptions, handler: @escaping @Sendable (JobContext<Payload>) async throws -> Output
    ) {
        self.name = name
        self.options = options
        invoke = { invocation in
            let run = invocation.attempt.run
            let payload: Payload
            do {
                payload = try JSONCodec.decode(Payload.self, from: run.payloadJSON)
            } catch {
                throw JobError(
                    "payload does not decode as \(Payload.self): \(decodingErrorText(error))", retryable: false)
            }
            var log = Logger(label: "stackshift.run") { _ in
                RunLogHandler(attempt: invocation.attempt, clock: invocation.clock, forward: invocation.logger)
            }
            log[metadataKey: "run"] = nil
            let context = JobContext(
                payload: payload, runId: run.id, job: run.job, queue: run.queue, attempt: run.attempt,
                maxAttempts: run.maxAttempts, failures: run.failures,
                step: StepRunner(attempt: invocation.attempt, store: invocation.store, clock: invocation.clock),
                log: log, state: StateStore(store: invocation.store, clock: invocation.clock, owner: run.id),
                attemptState: invocation.attempt)
            return try JSONCodec.encode(try await handler(context))
        }
    }
}

/// A short, readable description of a decoding error: what was wrong and where.
func decodingErrorText(_ error: any Error) -> String {
    guard let decodingError = error as? DecodingError else { return String(describing: error) }
    func path(_ context: DecodingError.Context) -> String {
        let components = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        return components.isEmpty ? "the top level" : components.joined(separator: ".")
    }
    switch decodingError {
    case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\" at \(path(context))"
    case .typeMismatch(let type, let context): return "expected \(type) at \(path(context))"
    case .valueNotFound(let type, let context): return "expected \(type) at \(path(context)), found null"
    case .dataCorrupted(let context): return "\(context.debugDescription) at \(path(context))"
    @unknown default: return String(describing: decodingError)
    }
}
