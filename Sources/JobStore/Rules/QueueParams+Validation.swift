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
