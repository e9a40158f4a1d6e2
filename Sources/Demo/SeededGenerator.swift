/// A small, seeded pseudo-random generator (SplitMix64): the same seed always yields the same sequence,
/// on every platform and toolchain.
///
/// The demo never uses the system's random numbers for anything it simulates; the helpers below are
/// written out rather than taken from the standard library's `random(in:using:)`, whose algorithm may
/// change between Swift versions and would change a seed's runs with it.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's internal state; copying a generator forks its sequence.
    public private(set) var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's finaliser: spreads every input bit over the whole output.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in `0 ..< 1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        // Wrapping arithmetic in UInt64: a range as wide as `Int.min ... Int.max` overflows Int's subtraction,
        // and its span wraps to 0, meaning every value.
        let lower = UInt64(UInt(bitPattern: range.lowerBound))
        let span = (UInt64(UInt(bitPattern: range.upperBound)) &- lower) &+ 1
        // Modulo bias is at most span / 2^64: irrelevant for simulated traffic.
        let offset = span == 0 ? next() : next() % span
        return Int(bitPattern: UInt(lower &+ offset))
    }

    /// A uniform number in `lower ... upper`.
    public mutating func double(from lower: Double, to upper: Double) -> Double {
        lower + (upper - lower) * unit()
    }

    /// One element of a non-empty array.
    public mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[int(in: 0...(elements.count - 1))]
    }

    /// `count` characters from a lowercase base-32 alphabet, for ids like `pay_7k2m9x4q`.
    public mutating func token(_ count: Int) -> String {
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        return String((0..<count).map { _ in alphabet[Int(next() & 31)] })
    }
}

/// A hash that is stable across processes and toolchains (unlike `Hasher`, which is seeded per process),
/// so a decision keyed by `(seed, provider, payment id, attempt)` comes out the same in every run.
enum StableHash {
    /// Hashes `parts` (FNV-1a over their UTF-8 bytes, with separators) under `seed`, then mixes the result.
    static func of(_ parts: [String], seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ SeededGenerator.mix(seed)
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
            // A separator byte no UTF-8 text contains, so ["ab", "c"] and ["a", "bc"] differ.
            hash ^= 0xFF
            hash &*= 0x0000_0100_0000_01B3
        }
        return SeededGenerator.mix(hash)
    }

    /// A generator seeded from `parts`: an independent, reproducible stream per purpose.
    static func generator(_ parts: [String], seed: UInt64) -> SeededGenerator {
        SeededGenerator(seed: of(parts, seed: seed))
    }

    /// An id-like token of `count` characters determined by `parts` and `seed`.
    static func token(_ parts: [String], seed: UInt64, count: Int) -> String {
        var random = generator(parts, seed: seed)
        return random.token(count)
    }

    /// A uniform number in `0 ..< 1` determined by `parts` and `seed`.
    static func unit(_ parts: [String], seed: UInt64) -> Double {
        Double(of(parts, seed: seed) >> 11) * 0x1.0p-53
    }
}
