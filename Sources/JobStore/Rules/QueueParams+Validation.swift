import Foundation

extension ConfigureQueueParams {
    /// Refuses a queue without a name or with a negative concurrency limit.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !name.isEmpty else { throw JobStoreError.invalidInput("a queue needs a name") }
        if let concurrencyLimit, concurrencyLimit < 0 {
            throw JobStoreError.invalidInput(
                "queue \(name): a concurrency limit cannot be negative (\(concurrencyLimit))")
        }
    }
}

extension SetQueuePausedParams {
    /// Refuses a queue without a name.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !name.isEmpty else { throw JobStoreError.invalidInput("a queue needs a name") }
    }
}
