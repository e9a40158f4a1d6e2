import Synchronization

/// Values worked out once per key and remembered, for conversions a store repeats with few distinct inputs
/// (a retry policy to and from its JSON). Safe to share between threads.
///
/// Many distinct keys would be unusual: past ``capacity`` it forgets everything, which keeps the memory
/// bounded at the cost of working a few values out again.
final class RememberedValues<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The most keys kept before everything is forgotten.
    let capacity: Int
    private let values = Mutex<[Key: Value]>([:])

    /// An empty memory of at most `capacity` keys.
    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The remembered value for `key`, or `make`'s, remembered for next time. An error from `make` is thrown
    /// and nothing is remembered.
    func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        if let known = values.withLock({ $0[key] }) { return known }
        // Worked out outside the lock: two threads may both work out a new key's value, never block each other.
        let value = try make()
        values.withLock { known in
            if known.count >= capacity { known.removeAll(keepingCapacity: true) }
            known[key] = value
        }
        return value
    }
}
