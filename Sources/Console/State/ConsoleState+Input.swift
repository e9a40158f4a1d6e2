import Foundation
import JobStore

extension ConsoleState {
    /// Enter, Esc and Tab on the filter, search or `:` line (editing keys go to ``editText(_:)``).
    mutating func performInput(_ command: InputCommand) -> [ConsoleEffect] {
        guard var line = input else { return [] }
        switch command {
        case .accept:
            input = nil
            let text = line.value.text
            switch line.purpose {
            case .filter: return applyFilter(text, original: line.original)
            case .command: return runCommandLine(text)
            case .sectionSearch: acceptSectionSearch(text)
            }
        case .cancel:
            input = nil
            // Esc on the search goes back to where the section stood; on the filter, the rows stay put.
            if line.purpose == .sectionSearch { cancelSectionSearch() } else { keepSelectionInView() }
        case .complete:
            guard line.purpose == .command else { return [] }
            complete(&line)
            input = line
        }
        return []
    }

    /// Enter on the filter line: keeps the text as the filter and, if it changed, asks the store again.
    mutating func applyFilter(_ text: String, original: String) -> [ConsoleEffect] {
        filterText = text.trimmingCharacters(in: .whitespaces)
        guard filterText != original else { return [] }
        if currentView == .state { return loadCurrentView() }
        keepSelectionInView()
        return reloadRunsAfterFilterChange()
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
            case "runs": (shown.queues ?? []).map(\.queue.name) + RunStatus.allCases.map(\.rawValue)
            case "run", "why": (currentView == .waits ? (shown.waits ?? []) : visibleRuns).prefix(50).map(\.id)
            default: []
            }
        return options.filter { $0.hasPrefix(partial) }
    }

    /// Tab on the command line: completes a unique candidate, or the candidates' common prefix.
    mutating func complete(_ line: inout InputLine) {
        let candidates = completions(for: line.value.text)
        line.completions = candidates
        guard !candidates.isEmpty else { return }
        var words = line.value.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.isEmpty { words = [""] }
        if candidates.count == 1 {
            words[words.count - 1] = candidates[0]
            let takesArgument =
                words.count == 1 && Self.lineCommands.contains { $0.name == candidates[0] && $0.takesArgument }
            line.value.replace(with: words.joined(separator: " ") + (takesArgument ? " " : ""))
            line.completions = []
        } else {
            words[words.count - 1] = Self.commonPrefix(candidates)
            line.value.replace(with: words.joined(separator: " "))
        }
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
