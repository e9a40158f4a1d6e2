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
