import Testing

@testable import Benchmarks

@Suite("Machine CPU time")
struct MachineCPUTimeTests {
    static let before = """
        cpu  100 10 50 800 20 5 15 0 7 0
        cpu0 50 5 25 400 10 2 8 0 0 0
        intr 12345
        """
    static let after = """
        cpu  250 10 100 1000 40 5 25 70 20 0
        cpu0 125 5 50 500 20 2 12 35 0 0
        """

    @Test("the cpu line's states add up to busy, idle and stolen; guest time is not counted twice")
    func parsesTheCPULine() throws {
        let counts = try #require(MachineCPUTime(stat: Self.before))
        #expect(counts.busy == 100 + 10 + 50 + 5 + 15)
        #expect(counts.steal == 0)
        #expect(counts.total == 100 + 10 + 50 + 800 + 20 + 5 + 15 + 0)
    }

    @Test("the share between two counts is the busy and stolen part of the ticks that passed")
    func sharesBetweenTwoCounts() throws {
        let start = try #require(MachineCPUTime(stat: Self.before))
        let end = try #require(MachineCPUTime(stat: Self.after))
        let share = try #require(start.share(until: end))
        // 500 ticks passed: 150 user + 50 system + 10 softirq busy, 70 stolen.
        #expect(share.busy == 210.0 / 500)
        #expect(share.steal == 70.0 / 500)
        #expect(share.description == "42% busy, 14.0% stolen")
        #expect(end.share(until: start) == nil, "counts that went back give no share")
        #expect(start.share(until: start) == nil, "nor does a span where no tick passed")
    }

    @Test(
        "a text without a well-formed cpu line gives nothing",
        arguments: [
            "", "cpu0 1 2 3 4 5 6 7 8", "cpu  1 2 3", "cpu  1 2 3 4 5 6 7 x", "cpu  1 2 3 -4 5 6 7 8",
            "cpu  9223372036854775807 1 0 0 0 0 0 0",
        ])
    func rejectsMalformedText(_ stat: String) {
        #expect(MachineCPUTime(stat: stat) == nil)
    }

    @Test("this machine's counts read, in range")
    func readsThisMachine() throws {
        let start = try #require(MachineCPUTime.now(), "this suite runs on Linux, which has /proc/stat")
        #expect(start.total > 0 && start.busy <= start.total && start.steal <= start.total)
    }
}
