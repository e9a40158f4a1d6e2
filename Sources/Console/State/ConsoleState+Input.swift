import Foundation
import JobStore

extension ConsoleState {
    /// The commands the `:` line knows, with a summary each, in the order completion offers them.
    public static let lineCommands: [(name: String, summary: String)] = [
        ("queues", "show queues"),
        ("runs", "show runs: :runs [queue] [status…]"),
        ("run", "open a run: :run <id>"),
        ("waits", "show waiting runs and unconsumed events"),
        ("events", "show recent events"),
        ("state", "show state values and locks: :state [prefix]"),
        ("schedules", "show schedules"),
        ("workers", "show workers"),
        ("why", "why is a run not moving: :why [id]"),
        ("theme", "switch theme: :theme <name>"),
        ("pause", "freeze the display"),
        ("resume", "resume live updates"),
        ("refresh", "reload now"),
        ("help", "show keys"),
        ("quit", "leave the console"),
    ]

    mutating func typeCharacter(_ character: Character) {
        input?.insert(character)
        input?.completions = []
        if input?.purpose == .filter { keepSelectionInView() }
    }

    mutating func performInput(_ command: ConsoleCommand) -> [ConsoleEffect] {
        guard var line = input else { return [] }
        switch command {
        case .inputAccept:
            input = nil
            if line.purpose == .filter {
                filterText = line.text.trimmingCharacters(in: .whitespaces)
                guard filterText != line.original else { return [] }
                if currentView == .state { return loadCurrentView() }
                keepSelectionInView()
                return reloadRunsAfterFilterChange()
            }
            return runCommandLine(line.text)
        case .inputCancel:
            input = nil
            keepSelectionInView()
            return []
        case .inputComplete:
            if line.purpose == .command { complete(&line) }
        case .inputDeleteBackward:
            line.deleteBackward()
            line.completions = []
        case .inputLeft:
            line.cursor = max(0, line.cursor - 1)
        case .inputRight:
            line.cursor = min(line.text.count, line.cursor + 1)
        case .inputClear:
            line.replace(with: "")
            line.completions = []
        default:
            return []
        }
        input = line
        if line.purpose == .filter { keepSelectionInView() }
        return []
    }

    /// The candidates for the word being typed on a command line.
    public func completions(for text: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count <= 1 {
            return Self.lineCommands.map(\.name).filter { $0.hasPrefix(words.first ?? "") }
        }
        let partial = words.last ?? ""
        let options: [String] =
            switch words[0] {
            case "theme": themeNames
            case "runs": shown.queues.map(\.queue.name) + RunStatus.allCases.map(\.rawValue)
            case "run", "why": (currentView == .waits ? (shown.waits ?? []) : visibleRuns).prefix(50).map(\.id)
            default: []
            }
        return options.filter { $0.hasPrefix(partial) }
    }

    /// Tab on the command line: completes a unique candidate, or the candidates' common prefix.
    mutating func complete(_ line: inout TextInput) {
        let candidates = completions(for: line.text)
        line.completions = candidates
        guard !candidates.isEmpty else { return }
        var words = line.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.isEmpty { words = [""] }
        if candidates.count == 1 {
            words[words.count - 1] = candidates[0]
            let takesArgument = words.count == 1 && ["theme", "runs", "run", "state", "why"].contains(candidates[0])
            line.replace(with: words.joined(separator: " ") + (takesArgument ? " " : ""))
            line.completions = []
        } else {
            words[words.count - 1] = Self.commonPrefix(candidates)
            line.replace(with: words.joined(separator: " "))
        }
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Runs a `:` command line.
    mutating func runCommandLine(_ text: String) -> [ConsoleEffect] {
        let words = text.split(separator: " ").map(String.init)
        guard let name = words.first else { return [] }
        let arguments = Array(words.dropFirst())
        let matches = Self.lineCommands.map(\.name).filter { $0.hasPrefix(name) }
        let command = matches.contains(name) ? name : (matches.count == 1 ? matches[0] : name)
        switch command {
        case "queues": return perform(.showQueues)
        case "runs":
            var queue: String?
            var statuses: Set<RunStatus> = []
            for argument in arguments {
                if let status = RunStatus(rawValue: argument) { statuses.insert(status) } else { queue = argument }
            }
            statusFilter = statuses
            return go(to: [.queues, .runs(queue: queue)])
        case "run":
            guard let id = arguments.first else {
                return showSelectedRun()
            }
            return go(to: [.queues, .runs(queue: nil), .run(id)])
        case "waits": return perform(.showWaits)
        case "events": return perform(.showEvents)
        case "state":
            let effects = perform(.showState)
            guard let prefix = arguments.first else { return effects }
            filterText = prefix
            return loadCurrentView()
        case "schedules": return perform(.showSchedules)
        case "workers": return perform(.showWorkers)
        case "why":
            guard let id = arguments.first else { return explainSelected() }
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
        case "theme":
            guard let name = arguments.first else {
                showFlash("Themes: \(themeNames.joined(separator: ", "))", kind: .info)
                return []
            }
            guard themeNames.contains(name) else {
                showFlash("No theme '\(name)' (have: \(themeNames.joined(separator: ", ")))", kind: .error)
                return []
            }
            themeName = name
            showFlash("Theme: \(name)", kind: .info)
            return []
        case "pause": return isPaused ? [] : perform(.togglePause)
        case "resume": return isPaused ? perform(.togglePause) : []
        case "refresh": return perform(.refresh)
        case "help":
            showsHelp = true
            return []
        case "quit", "q": return perform(.quit)
        default:
            showFlash(
                "Unknown command ':\(name)' (try :queues, :runs, :waits, :state, :theme, :quit; Tab completes)",
                kind: .error)
            return []
        }
    }
}
