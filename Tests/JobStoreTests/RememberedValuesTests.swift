import Testing

@testable import JobStore

/// Remembered conversions are worked out once per key, forget everything past their capacity, and never
/// remember a failure.
@Suite("Remembered values")
struct RememberedValuesTests {
    struct Refused: Error {}

    /// Counts how often a value had to be worked out.
    final class Maker {
        var made = 0

        func make<T>(_ value: T) -> T {
            made += 1
            return value
        }
    }

    @Test("a key's value is worked out once, then answered from memory")
    func workedOutOnce() {
        let memory = RememberedValues<String, Int>()
        let maker = Maker()
        for _ in 0..<3 {
            #expect(memory.value(for: "a") { maker.make(1) } == 1)
        }
        #expect(memory.value(for: "b") { maker.make(2) } == 2)
        #expect(maker.made == 2)
    }

    @Test("past its capacity it forgets everything, then remembers again")
    func boundedByCapacity() {
        let memory = RememberedValues<Int, Int>(capacity: 2)
        let maker = Maker()
        for key in [1, 2, 3, 1] {
            _ = memory.value(for: key) { maker.make(key) }
        }
        // 3 arrived with two keys kept: both were forgotten, so 1 was worked out again.
        #expect(maker.made == 4)
        _ = memory.value(for: 1) { maker.make(1) }
        #expect(maker.made == 4)
    }

    @Test("a failure is thrown and not remembered: the next call tries again")
    func failureNotRemembered() {
        let memory = RememberedValues<String, Int>()
        #expect(throws: Refused.self) { try memory.value(for: "a") { throw Refused() } }
        #expect(memory.value(for: "a") { 7 } == 7)
    }
}
