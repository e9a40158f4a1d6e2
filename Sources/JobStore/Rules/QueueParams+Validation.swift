import Foundation

extension ConfigureQueueParams {
    /// Refuses a queue without a name, with a name over ``InputLimit/name``, or with a negative concurrency
    /// limit.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !name.isEmpty else { throw JobStoreError.invalidInput("a queue needs a name") }
        try InputLimit.name.check(name, field: "queue name")
        if let concurrencyLimit, concurrencyLimit < 0 {
            throw JobStoreError.invalidInput(
                "queue \(name): a concurrency limit cannot be negative (\(concurrencyLimit))")
        }
    }
}

extension SetQueuePausedParams {
    /// Refuses a queue without a name, or with a name over ``InputLimit/name``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !name.isEmpty else { throw JobStoreError.invalidInput("a queue needs a name") }
        try InputLimit.name.check(name, field: "queue name")
    }
}

extension SetRetentionParams {
    /// Refuses an empty or overlong queue name, and a policy ``RetentionPolicy/validate()`` refuses.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        if let queue {
            guard !queue.isEmpty else { throw JobStoreError.invalidInput("a queue needs a name") }
            try InputLimit.name.check(queue, field: "queue name")
        }
        try policy?.validate()
    }
}

extension PruneRunsParams {
    /// Refuses statuses that are not finished (retention never deletes a live run), an empty status set,
    /// a limit outside 1 to ``maximumLimit``, an age that is not a finite number of seconds from 0 to ten
    /// years, and an overlong queue name.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        let live = statuses.subtracting(Self.finished)
        guard live.isEmpty else {
            let names = live.map(\.rawValue).sorted().joined(separator: ", ")
            throw JobStoreError.invalidInput(
                "only finished runs can be pruned (completed, failed, canceled), not \(names)")
        }
        guard !statuses.isEmpty else { throw JobStoreError.invalidInput("name at least one finished status") }
        guard (1...Self.maximumLimit).contains(limit) else {
            throw JobStoreError.invalidInput("a prune deletes from 1 to \(Self.maximumLimit) runs a call, not \(limit)")
        }
        if case .finishedBefore(let seconds) = age {
            guard seconds.isFinite, seconds >= 0, seconds <= RetentionPolicy.longest else {
                throw JobStoreError.invalidInput("a prune's age must be from 0 seconds to 3650 days, not \(seconds)")
            }
        }
        if let queue { try InputLimit.name.check(queue, field: "queue name") }
    }
}
