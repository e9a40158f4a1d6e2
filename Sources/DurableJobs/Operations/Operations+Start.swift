import Foundation
import JobStore

extension Operations {
    /// Starts a run of `job` with a JSON payload on behalf of an operator or a service (`stackshift serve`),
    /// audited as `start-run` with the new run; a start deduplicated by its idempotency key writes nothing and
    /// returns the run holding the key.
    ///
    /// The job need not be registered in this process: a worker that has it claims the run.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` for text that is not one valid JSON value (naming the line
    ///   and column) or an empty job name, before anything is written.
    public func startRun(
        _ job: String, payloadJSON: String, options: StartOptions = StartOptions(), by actor: Operator
    ) async throws -> StartedRun {
        var detail = "queue \(options.queue ?? "(the job's)"), payload \(AuditNote.quote(payloadJSON))"
        if let key = options.idempotencyKey { detail += ", idempotency key \(key)" }
        return try await perform(.startRun, target: job, detail: detail, by: actor) { note in
            if let problem = JSONValidator.check(payloadJSON) {
                throw JobStoreError.invalidInput("the payload is not valid JSON: \(problem)")
            }
            return try await client.start(job, payloadJSON: payloadJSON, options: options, audit: note)
        }
    }
}
