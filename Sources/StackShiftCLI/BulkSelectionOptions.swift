import ArgumentParser
import Console
import DurableJobs
import JobStore

/// Which runs `stackshift runs retry|cancel` change: ids named on the command line, or with `--all`, every run
/// the filter options match that the action applies to (the console's bulk selection).
struct BulkSelectionOptions: ParsableArguments {
    @Argument(help: "The run ids.") var ids: [String] = []
    @Flag(help: "Every run the filter options match, instead of named ids.") var all = false
    @OptionGroup var filter: RunFilterOptions
    @Flag(help: "List the runs that would change, and change nothing.") var dryRun = false

    func validate() throws {
        if ids.isEmpty && !all {
            throw ValidationError("name run ids, or pass --all to select runs with --status, --job, --queue, --search")
        }
        if !ids.isEmpty && all { throw ValidationError("name run ids or pass --all, not both") }
        if !ids.isEmpty && filter.isSet {
            throw ValidationError("--status, --job, --queue and --search select runs with --all; drop them or the ids")
        }
    }

    /// Retries the selected runs, printing `message` for each (see ``change(_:database:_:)``).
    func retry(
        database: DatabaseOptions, from start: Operations.RetryStart, message: (RunRecord) -> String
    )
        async throws
    {
        try await change(.retry, database: database) { operations, ids, actor in
            await operations.retryEach(ids, from: start, by: actor) { _, result in
                Self.print(result.map(message))
            }
        }
    }

    /// Cancels the selected runs, printing `message` for each (see ``change(_:database:_:)``).
    func cancel(database: DatabaseOptions, reason: String?, message: (CancelRunResult) -> String) async throws {
        try await change(.cancel, database: database) { operations, ids, actor in
            await operations.cancelEach(ids, reason: reason, by: actor) { _, result in
                Self.print(result.map(message))
            }
        }
    }

    /// Selects the runs and applies `kind` to each through `apply`, which prints a line per run on stdout or,
    /// for a run that could not be changed, on stderr; then a count when there were several. Any failure
    /// makes the command exit non-zero after the others were tried.
    private func change(
        _ kind: BulkKind, database: DatabaseOptions,
        _ apply: (Operations, [RunID], Operator) async -> BulkTally
    ) async throws {
        let operations = try await database.operations(readOnly: dryRun)
        let ids = all ? try await matchingIds(kind, operations: operations) : namedIds
        guard !ids.isEmpty else { return }
        if dryRun {
            StandardStreams.out(ids.joined(separator: "\n"))
            StandardStreams.error("dry run: \(count(ids.count)) would be \(kind.pastTense); nothing was changed")
            return
        }
        let tally = await apply(operations, ids, .local(via: .cli))
        if ids.count > 1 {
            let failed = tally.failed == 0 ? "" : "; \(count(tally.failed)) could not be (see above)"
            StandardStreams.out("\(kind.pastTense) \(tally.succeeded) of \(count(ids.count))\(failed)")
        }
        if tally.failed > 0 { throw ExitCode.failure }
    }

    private static func print(_ result: Result<String, any Error>) {
        switch result {
        case .success(let line): StandardStreams.out(line)
        case .failure(let error): StandardStreams.error("stackshift: \(describe(error))")
        }
    }

    /// The runs `--all` selects: the filter's, narrowed to the statuses `kind` applies to.
    private func matchingIds(_ kind: BulkKind, operations: Operations) async throws -> [RunID] {
        var query = filter.query(limit: ConsoleState.bulkLimit)
        query.statuses = filter.status.isEmpty ? kind.statuses : query.statuses.intersection(kind.statuses)
        let applicable = kind.statuses.sorted().map(\.rawValue).joined(separator: ", ")
        guard !query.statuses.isEmpty else {
            throw CLIError(
                "--status selects no run that can be \(kind.pastTense): \(kind.verb) applies to \(applicable)")
        }
        let selected = try await operations.selectRuns(query, limit: ConsoleState.bulkLimit)
        if selected.ids.isEmpty {
            StandardStreams.error("no \(query.statuses.sorted().map(\.rawValue).joined(separator: " or ")) runs match")
        }
        if selected.truncated {
            StandardStreams.error(
                "more runs match: only the newest \(ConsoleState.bulkLimit) are included; run the command again for the rest"
            )
        }
        return selected.ids
    }

    /// The ids named on the command line, each once, in the order first named: a run named twice is changed once.
    private var namedIds: [RunID] {
        var seen = Set<RunID>()
        return ids.filter { seen.insert($0).inserted }
    }

    private func count(_ runs: Int) -> String { runs == 1 ? "1 run" : "\(runs) runs" }
}
