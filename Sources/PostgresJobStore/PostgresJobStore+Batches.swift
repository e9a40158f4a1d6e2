import JobStore

extension PostgresJobStore {
    /// Writes `write` with the other writes of its kind that queue up while earlier ones are being written
    /// (see ``WriteBatches``): one statement, committed on its own, for the whole batch.
    ///
    /// - Parameters:
    ///   - batches: The queue of `write`'s kind.
    ///   - statement: Writes a batch in one statement; answers by run, leaving out the runs it did not write.
    ///   - absent: The answer for a write its batch's statement left out.
    func batched<Write, Answer>(
        _ write: Write, in batches: WriteBatches<Write, Answer>,
        statement: @escaping @Sendable (Transaction, [Write]) async throws -> [RunID: Answer],
        absent: @escaping @Sendable (Write) throws -> Answer
    ) async throws -> Answer {
        let writer = BatchWriter(store: self, batches: batches, statement: statement, absent: absent)
        return try await withCheckedThrowingContinuation { continuation in
            guard let batch = batches.enqueue(.init(write: write, continuation: continuation)) else { return }
            Task { await writer.write(startingWith: batch) }
        }
    }
}

/// Writes batches of one kind until none waits, answering every caller.
private struct BatchWriter<Write: LeasedWrite, Answer: Sendable>: Sendable {
    let store: PostgresJobStore
    let batches: WriteBatches<Write, Answer>
    let statement: @Sendable (Transaction, [Write]) async throws -> [RunID: Answer]
    let absent: @Sendable (Write) throws -> Answer

    /// Writes `first`, then the batches that queued behind it, until none waits.
    func write(startingWith first: [WriteBatches<Write, Answer>.Waiting]) async {
        var batch: [WriteBatches<Write, Answer>.Waiting]? = first
        while let writes = batch {
            await write(writes)
            batch = batches.next()
        }
    }

    /// Writes `writes` in one statement and answers each caller. When the server refuses a batch over one
    /// write's values it wrote nothing, so each is written alone and gets the answer it would have had
    /// unbatched; any other failure (a lost connection: the commit is unknown) is every caller's answer.
    private func write(_ writes: [WriteBatches<Write, Answer>.Waiting]) async {
        batches.recordStatement(writes: writes.count)
        do {
            let statement = statement
            let answers = try await store.writeStatement { tx in try await statement(tx, writes.map(\.write)) }
            for waiting in writes {
                let write = waiting.write
                waiting.continuation.resume(with: Result { try answers[write.lease.runId] ?? absent(write) })
            }
        } catch JobStoreError.invalidInput where writes.count > 1 {
            await withTaskGroup(of: Void.self) { group in
                for waiting in writes { group.addTask { await self.write([waiting]) } }
            }
        } catch {
            for waiting in writes { waiting.continuation.resume(throwing: error) }
        }
    }
}
