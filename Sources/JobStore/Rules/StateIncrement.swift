import Foundation

/// The value ``JobStore/incrementState(_:)`` writes: the entry and the integer it now holds.
public struct StateIncrement: Sendable, Hashable {
    /// The entry to write.
    public var entry: StateEntry
    /// The new value.
    public var value: Int64

    /// Creates an increment.
    public init(entry: StateEntry, value: Int64) {
        self.entry = entry
        self.value = value
    }
}
