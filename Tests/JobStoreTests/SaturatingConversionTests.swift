import JobStore
import Testing

@Suite("Saturating number conversions")
struct SaturatingConversionTests {
    @Test(
        "a Double becomes the nearest Int without trapping",
        arguments: [
            (Double.nan, 0), (.infinity, Int.max), (-.infinity, Int.min), (1e300, Int.max), (-1e300, Int.min),
            (42.9, 42), (-42.9, -42), (0, 0), (9_007_199_254_740_992, 9_007_199_254_740_992),
        ] as [(Double, Int)])
    func int(_ value: Double, _ expected: Int) {
        #expect(Int(saturating: value) == expected)
        #expect(Int64(saturating: value) == Int64(expected))
    }
}
