import Foundation

// `validate()` for the params that carry text but had no other rule to check: each refuses text over its
// ``InputLimit``, so every driver gives the same message before touching the database. Reads are checked
// too: a key too long to store cannot be found, and saying so beats a database error or an empty answer.

extension RunQuery {
    /// Refuses a job, queue or search text over its ``InputLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.name.check(job, field: "job name")
        try InputLimit.name.check(queue, field: "queue name")
        try InputLimit.search.check(text, field: "search text")
        try InputLimit.search.check(failure?.signature, field: "failure signature")
    }
}

extension RunCountParams {
    /// Refuses a job or queue name over ``InputLimit/name``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.name.check(job, field: "job name")
        try InputLimit.name.check(queue, field: "queue name")
    }
}

extension EventQuery {
    /// Refuses an event name or key over its ``InputLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.name.check(name, field: "event name")
        try InputLimit.key.check(key, field: "event key")
    }
}

extension GetStateParams {
    /// Refuses a key over ``InputLimit/key``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.key.check(key, field: "state key")
    }
}

extension DeleteStateParams {
    /// Refuses a key over ``InputLimit/key``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.key.check(key, field: "state key")
    }
}

extension IncrementStateParams {
    /// Refuses an empty key, like ``SetStateParams/validate()``, or one over ``InputLimit/key``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !key.isEmpty else { throw JobStoreError.invalidInput("a state key cannot be empty") }
        try InputLimit.key.check(key, field: "state key")
    }
}

extension StateQuery {
    /// Refuses a prefix over ``InputLimit/key``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.key.check(prefix, field: "state key prefix")
    }
}

extension ReleaseLockParams {
    /// Refuses a key or owner over its ``InputLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.key.check(key, field: "lock key")
        try InputLimit.name.check(owner, field: "lock owner")
    }
}

extension LockQuery {
    /// Refuses a prefix over ``InputLimit/key``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.key.check(prefix, field: "lock key prefix")
    }
}

extension AwaitEventParams {
    /// Refuses a step name, event name or event key over its ``InputLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.name.check(step, field: "step name")
        try InputLimit.name.check(eventName, field: "event name")
        try InputLimit.key.check(eventKey, field: "event key")
    }
}

extension SleepParams {
    /// Refuses a step name over ``InputLimit/name``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.name.check(step, field: "step name")
    }
}

extension FinishAttemptParams {
    /// Refuses a result over ``InputLimit/payload``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        if case .completed(let resultJSON) = end { try InputLimit.payload.check(resultJSON, field: "result") }
    }
}

extension RetryRunParams {
    /// Refuses a step name over ``InputLimit/name``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.name.check(fromStep, field: "step name")
    }
}

extension FireScheduleParams {
    /// Refuses a schedule name over ``InputLimit/name``, or a run ``CreateRunParams/validate()`` refuses.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        try InputLimit.name.check(name, field: "schedule name")
        try run.validate()
    }
}
