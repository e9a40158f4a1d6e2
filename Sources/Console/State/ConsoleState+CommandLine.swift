import JobStore

extension ConsoleState {
    /// Runs a `:` command line; a unique prefix of a command's name runs it.
    mutating func runCommandLine(_ text: String) -> [ConsoleEffect] {
        let words = text.split(separator: " ").map(String.init)
        guard let name = words.first else { return [] }
        let arguments = Array(words.dropFirst())
        let matches = Self.lineCommands.map(\.name).filter { $0.hasPrefix(name) }
        let command = matches.contains(name) ? name : (matches.count == 1 ? matches[0] : name)
        switch command {
        case "overview": return showOverview(window: arguments.first)
        case "queues": return perform(.showQueues)
        case "runs": return showRuns(arguments)
        case "run":
            guard let id = arguments.first else { return showSelectedRun() }
            guard Self.looksLikeRunId(id) else {
                showFlash("“\(id)” is not a run id: run ids look like run_01jpa8czj8m9s346q3d2", kind: .error)
                return []
            }
            return go(to: [.queues, .runs(queue: nil), .run(id)])
        case "waits": return perform(.showWaits)
        case "events": return perform(.showEvents)
        case "state": return showState(prefix: arguments.first)
        case "schedules": return perform(.showSchedules)
        case "workers": return perform(.showWorkers)
        case "failures": return showFailures(window: arguments.first)
        case "audit": return perform(.showAudit)
        case "why":
            guard let id = arguments.first else { return explainSelected() }
            return explainRun(id)
        case "theme": switchTheme(to: arguments.first)
        case "freeze": return isPaused ? [] : perform(.togglePause)
        case "live": return isPaused ? perform(.togglePause) : []
        case "refresh": return perform(.refresh)
        case "help": showsHelp = true
        case "quit", "q": return perform(.quit)
        default:
            showFlash(
                "Unknown command ':\(name)' (try :queues, :runs, :waits, :state, :theme, :quit; Tab completes)",
                kind: .error)
        }
        return []
    }

    /// `:runs [queue] [status…]`: the runs view, narrowed to a queue and statuses.
    mutating func showRuns(_ arguments: [String]) -> [ConsoleEffect] {
        var queue: String?
        var statuses: Set<RunStatus> = []
        for argument in arguments {
            if let status = RunStatus(rawValue: argument) { statuses.insert(status) } else { queue = argument }
        }
        statusFilter = statuses
        return go(to: [.queues, .runs(queue: queue)])
    }

    /// `:state [prefix]`: the state view, under a key prefix.
    mutating func showState(prefix: String?) -> [ConsoleEffect] {
        let effects = perform(.showState)
        guard let prefix else { return effects }
        filterText = prefix
        return loadCurrentView()
    }

    /// `:why <id>`: the why panel for a run by id, whether or not the console has loaded it.
    mutating func explainRun(_ id: RunID) -> [ConsoleEffect] {
        guard let run = knownRun(id) else {
            why = WhyPanel(runId: id, run: nil)
            return [.explain(id)]
        }
        guard !run.status.isTerminal else {
            showFlash("\(run.id) is \(run.status.rawValue); nothing holds it", kind: .info)
            return []
        }
        why = WhyPanel(runId: id, run: run)
        return [.explain(id)]
    }
}

extension ConsoleState {
    /// Whether text has the shape of a run id, so a typo is answered at once instead of by a lookup that finds
    /// nothing.
    static func looksLikeRunId(_ text: String) -> Bool { Identifier.looksLikeRunId(text) }
}
