import JobStore
import Testing

@Suite("Run status state machine")
struct RunStatusTests {
    static let allowedEdges: [(RunStatus, RunStatus)] = RunStatus.allCases.flatMap { from in
        RunStatus.allCases.filter { from.canTransition(to: $0) }.map { (from, $0) }
    }
    static let forbiddenEdges: [(RunStatus, RunStatus)] = RunStatus.allCases.flatMap { from in
        RunStatus.allCases.filter { !from.canTransition(to: $0) }.map { (from, $0) }
    }

    @Test("every allowed edge validates", arguments: allowedEdges)
    func allowedEdgeValidates(from: RunStatus, to: RunStatus) throws {
        try from.validateTransition(to: to, runId: "run_x")
    }

    @Test("every forbidden edge is refused with a clear error", arguments: forbiddenEdges)
    func forbiddenEdgeIsRefused(from: RunStatus, to: RunStatus) {
        #expect(throws: JobStoreError.invalidTransition(runId: "run_x", from: from, to: to)) {
            try from.validateTransition(to: to, runId: "run_x")
        }
    }

    @Test("the table has exactly the designed edges")
    func tableMatchesDesign() {
        let expected: Set<String> = [
            "scheduled>queued", "scheduled>canceled",
            "queued>running", "queued>canceled",
            "running>completed", "running>failed", "running>scheduled", "running>queued", "running>waiting",
            "running>canceled",
            "waiting>queued", "waiting>canceled",
            "failed>queued", "canceled>queued",
        ]
        let actual = Set(Self.allowedEdges.map { "\($0.0.rawValue)>\($0.1.rawValue)" })
        #expect(actual == expected)
    }

    @Test("terminal statuses are exactly completed, failed and canceled")
    func terminalStatuses() {
        #expect(Set(RunStatus.allCases.filter(\.isTerminal)) == [.completed, .failed, .canceled])
        #expect(RunStatus.completed.canTransition(to: .queued) == false)
    }
}

@Suite("Near-miss event keys")
struct NearMissTests {
    @Test(
        "keys that differ by case, surrounding whitespace or one character are near misses",
        arguments: [
            ("pay_123", "PAY_123", "case"),
            ("pay_123", " pay_123\n", "whitespace"),
            ("pay_123", "PAY_123 ", "case and whitespace"),
            ("pay_123", "pay_124", "one character"),
            ("pay_123", "pay_1234", "one character"),
            ("pay_123", "pay_12", "one character"),
        ])
    func nearMiss(expected: String, actual: String, difference: String) {
        #expect(RunDiagnosis.NearMiss.difference(expected: expected, actual: actual) == difference)
    }

    @Test("the same key, or a key two edits away, is not a near miss", arguments: ["pay_123", "pay_145", "invoice_9"])
    func notNearMiss(actual: String) {
        #expect(RunDiagnosis.NearMiss.difference(expected: "pay_123", actual: actual) == nil)
    }
}
