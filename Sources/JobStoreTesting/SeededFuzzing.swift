import PropertyBased
import Testing

/// Calls `body` with `count` inputs drawn from `generator`, seeded with `seed`: the same inputs on every run, so
/// the normal suite stays deterministic and a failure in CI reproduces on any machine.
///
/// PropertyBased's `propertyCheck` draws a new seed per run, and its `.fixedSeed` trait checks a single input
/// and records an issue even when it passes (it replays one failure; it cannot be committed), so the draws
/// happen here with the library's own generators and `Xoshiro`.
public func fuzz<Value, Shrinks>(
    count: Int, seed: UInt64, _ generator: Generator<Value, Shrinks>, _ body: (Value) throws -> Void
) rethrows {
    var random = Xoshiro(seed: (seed, 0x9E37_79B9_7F4A_7C15, ~seed, 0x2545_F491_4F6C_DD1D))
    for _ in 0..<count {
        try body(generator.run(using: &random))
    }
}

/// Checks `property` on `count` seeded inputs (see ``fuzz(count:seed:_:_:)``); the property returns why an
/// input broke it, or nil. The first broken case is recorded with its number and input, and ends the check.
public func fuzzCheck<Value, Shrinks>(
    count: Int, seed: UInt64, _ generator: Generator<Value, Shrinks>,
    sourceLocation: SourceLocation = #_sourceLocation, _ property: (Value) -> String?
) {
    var number = 0
    var random = Xoshiro(seed: (seed, 0x9E37_79B9_7F4A_7C15, ~seed, 0x2545_F491_4F6C_DD1D))
    while number < count {
        number += 1
        let value = generator.run(using: &random)
        if let failure = property(value) {
            Issue.record(
                Comment(rawValue: "case \(number) of \(count): \(failure)\ninput: \(value)"),
                sourceLocation: sourceLocation)
            return
        }
    }
}

/// One of `choices`, at random: for generators written as closures over a random number generator.
public func pick<Choice>(_ choices: [Choice], _ random: inout some RandomNumberGenerator) -> Choice {
    choices[Int.random(in: 0..<choices.count, using: &random)]
}
