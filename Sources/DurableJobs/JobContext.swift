import Foundation
import JobStore
import Logging

/// What a job handler receives: the typed payload, the run's identity, durable steps, a logger and the
/// state store.
///
/// ```swift
/// stackshift.job("processUpload") { (ctx: JobContext<Upload>) in
///     let file = try await ctx.step.run("download-file") { try await download(ctx.payload.fileId) }
///     ctx.log.info("downloaded \(file.count) bytes")
///     return ["bytes": file.count]
/// }
/// ```
public struct JobContext<Payload: Sendable>: Sendable {
    /// The run's payload.
    public let payload: Payload
    /// The run's id.
    public let runId: RunID
    /// The job's name.
    public let job: String
    /// The run's queue.
    public let queue: String
    /// This attempt's number, from 1: every claim counts, including resumes after waits and sleeps.
    public let attempt: Int
    /// The run's budget of tries: it fails for good once `failures` reaches it.
    public let maxAttempts: Int
    /// Earlier attempts that failed or crashed: what the budget counts. This is try `failures + 1`.
    public let failures: Int
    /// Durable steps: completed ones return their stored result on every replay.
    public let step: StepRunner
    /// The run's logger: lines are stored with the run (level, step, time) and shown by the console.
    public let log: Logger
    /// The durable state store, with locks owned by this run.
    public let state: StateStore

    let attemptState: AttemptState

    /// Whether the handler is re-executing code an earlier attempt already ran (before its first new step).
    /// `ctx.log` drops lines while replaying; use this to skip other replay-time side effects.
    public var isReplaying: Bool { attemptState.isReplaying }

    /// Whether the run was asked to stop; steps throw at the next boundary when it was.
    public var isCancelled: Bool { attemptState.stop != nil || Task.isCancelled }
}
