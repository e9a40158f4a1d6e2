import Foundation
import JobStore

extension ConsoleState {
    /// `e`: opens the selected value in `$EDITOR`, pretty-printed.
    mutating func editSelectedState() -> [ConsoleEffect] {
        guard let entry = selectedStateEntryOrFlash() else { return [] }
        let request = StateEditRequest(
            key: entry.key, version: entry.version, originalJSON: entry.valueJSON,
            text: JSONValue.pretty(entry.valueJSON) + "\n", expiresAt: entry.expiresAt)
        showFlash("Editing \(entry.key) in $EDITOR…", kind: .info)
        return [.editState(request)]
    }

    /// The editor closed: refuse invalid JSON (offering to edit again), ignore no change, or show the diff
    /// and ask before writing with compare-and-set.
    mutating func editorFinished(_ request: StateEditRequest, _ outcome: EditorOutcome) -> [ConsoleEffect] {
        flash = nil
        switch outcome {
        case .failed(let message):
            showFlash("\(message); nothing was written", kind: .error, seconds: 8)
            return []
        case .saved(let text):
            switch JSONValidator.parse(text) {
            case .failure(let error):
                var again = request
                again.text = text
                dialog = ConfirmDialog(
                    title: "Not valid JSON",
                    message: "Your edit of \(request.key) is not valid JSON, so nothing was written. "
                        + "At \(error.description).",
                    details: Self.errorExcerpt(text, error),
                    dismissLabel: "Discard", confirmLabel: "Edit again", action: .editAgain(again))
                return []
            case .success(let value):
                let newJSON = value.compactText
                guard newJSON != JSONValue.compact(request.originalJSON) else {
                    showFlash("No change to \(request.key); nothing was written", kind: .info)
                    return []
                }
                let diff = LineDiff.diff(old: JSONValue.pretty(request.originalJSON), new: value.prettyText)
                let counts = LineDiff.counts(diff)
                dialog = ConfirmDialog(
                    title: "Write \(request.key)?",
                    message: "−\(counts.removed) +\(counts.added) lines against version \(request.version). "
                        + "Written only if it is still at version \(request.version); "
                        + "a concurrent change is never overwritten.",
                    details: Self.diffLines(diff),
                    confirmLabel: "Write",
                    action: .write(
                        .writeState(
                            StateWrite(
                                key: request.key, valueJSON: newJSON, expectedVersion: request.version,
                                expiresAt: request.expiresAt, purpose: .edit))))
                return []
            }
        }
    }

    /// A compare-and-set write found another version: an edit shows the value now and asks again; a TTL
    /// change is refused (the value it carries is stale).
    mutating func stateConflict(_ write: StateWrite, current: StateEntry?) {
        switch write.purpose {
        case .ttl:
            let now = current.map { "now version \($0.version)" } ?? "deleted"
            showFlash("\(write.key) changed meanwhile (\(now)): TTL not set; press T again", kind: .error, seconds: 8)
        case .edit:
            guard let current else {
                var again = write
                again.expectedVersion = 0
                showFlash("\(write.key) was deleted meanwhile: nothing was written", kind: .error, seconds: 8)
                dialog = ConfirmDialog(
                    title: "\(write.key) was deleted meanwhile",
                    message: "Nothing was written. Create it again with your value?",
                    details: Self.diffLines(
                        LineDiff.diff(old: "", new: JSONValue.pretty(write.valueJSON)).filter {
                            !($0.kind == .removed && $0.text.isEmpty)
                        }),
                    dismissLabel: "Leave it deleted", confirmLabel: "Recreate", action: .write(.writeState(again)))
                return
            }
            var again = write
            again.expectedVersion = current.version
            again.expiresAt = current.expiresAt
            showFlash("\(write.key) changed meanwhile: nothing was overwritten", kind: .error, seconds: 8)
            dialog = ConfirmDialog(
                title: "\(write.key) changed meanwhile",
                message: "Version \(current.version) was written while you edited version \(write.expectedVersion); "
                    + "nothing was overwritten. Its value now (−) against your edit (+):",
                details: Self.diffLines(
                    LineDiff.diff(old: JSONValue.pretty(current.valueJSON), new: JSONValue.pretty(write.valueJSON))),
                dismissLabel: "Keep theirs", confirmLabel: "Write mine over v\(current.version)",
                action: .write(.writeState(again)))
        }
    }

    /// `T`: a one-field form for the selected value's expiry.
    mutating func openTTLForm() -> [ConsoleEffect] {
        guard let entry = selectedStateEntryOrFlash() else { return [] }
        let current =
            entry.expiresAt.map {
                "expires in \(Format.duration($0.timeIntervalSince(now))), at "
                    + Format.moment($0, now: now, utcOffset: utcOffsetSeconds)
            } ?? "never expires"
        form = ConsoleForm(
            kind: .setTTL(entry), title: "TTL of \(entry.key)",
            fields: [
                FormField(label: "Expires in", placeholder: "30s, 10m, 1h30m, 7d, or never", limit: .duration)
            ],
            note: "Version \(entry.version) \(current). The new TTL is written only if it is still at this version.",
            submitLabel: "Set TTL")
        return []
    }

    mutating func submitTTL(_ entry: StateEntry) -> [ConsoleEffect] {
        guard let field = form?.fields.first else { return [] }
        let text = field.value.text
        var expiresAt: Date?
        if !DurationText.isNever(text) {
            switch DurationText.parse(text, limits: DurationLimits.positive.bareSecondsAllowed) {
            case .failure(let problem):
                // The parser range-checks before any arithmetic, so no number typed here can trap.
                form?.error = "\(field.label): \(problem); or type never to remove the TTL."
                return []
            case .success(let seconds): expiresAt = now.addingTimeInterval(seconds)
            }
        }
        form = nil
        return request(
            .writeState(
                StateWrite(
                    key: entry.key, valueJSON: entry.valueJSON, expectedVersion: entry.version, expiresAt: expiresAt,
                    purpose: .ttl)))
    }

    /// `+` and `-`: add to an integer value at once.
    mutating func incrementSelectedState(by amount: Int64) -> [ConsoleEffect] {
        guard let entry = selectedStateEntryOrFlash() else { return [] }
        guard JSONValue.parse(entry.valueJSON)?.integerValue != nil else {
            showFlash(
                "\(entry.key) holds \(TextFit.truncate(JSONValue.compact(entry.valueJSON), to: 24)), "
                    + "not an integer: + and - change integers", kind: .error)
            return []
        }
        return request(.incrementState(key: entry.key, amount: amount))
    }

    /// `d`: asks before deleting the selected value (only if it is still at the version shown).
    mutating func askToDeleteState() -> [ConsoleEffect] {
        guard let entry = selectedStateEntryOrFlash() else { return [] }
        let lines = JSONValue.pretty(entry.valueJSON).split(separator: "\n", omittingEmptySubsequences: false)
        var details = lines.prefix(8).map { StyledLine("  " + $0, CellStyle(.ui(.dialog))) }
        if lines.count > 8 { details.append(StyledLine("  … \(lines.count - 8) more lines", CellStyle(.ui(.dim)))) }
        dialog = ConfirmDialog(
            title: "Delete \(entry.key)?",
            message: "Version \(entry.version) is deleted for good, unless it changed meanwhile. Its value:",
            details: details, dismissLabel: "Keep it", confirmLabel: "Delete",
            action: .write(.deleteState(key: entry.key, expectedVersion: entry.version)))
        return []
    }

    private mutating func selectedStateEntryOrFlash() -> StateEntry? {
        // With the locks focused the values list shows no cursor: a value key must not act on a value unseen.
        if currentView == .state, stateFocus == .locks {
            showFlash("Tab focuses the values; then e, T, + and d act on the selected one", kind: .info)
            return nil
        }
        guard currentView == .state, let entry = selectedStateEntry else {
            showFlash("Select a state value first (6 shows state)", kind: .info)
            return nil
        }
        return entry
    }

    /// A diff as dialog lines: removed in the error colour, added in the success colour.
    static func diffLines(_ diff: [DiffLine]) -> [StyledLine] {
        let fill: ThemeRole = .ui(.dialog)
        let lines: [DiffLine?] = diff.count <= 40 ? diff : LineDiff.hunks(diff)
        return lines.map { line in
            guard let line else { return StyledLine("  ⋯", CellStyle(.ui(.dim), fill: fill)) }
            switch line.kind {
            case .same: return StyledLine(line.marked, CellStyle(.ui(.dim), fill: fill))
            case .removed: return StyledLine(line.marked, CellStyle(.ui(.error), fill: fill))
            case .added: return StyledLine(line.marked, CellStyle(.ui(.success), fill: fill))
            }
        }
    }

    /// The lines around a JSON error with a caret under its column.
    static func errorExcerpt(_ text: String, _ error: JSONSyntaxError) -> [StyledLine] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fill: ThemeRole = .ui(.dialog)
        var result: [StyledLine] = []
        let last = max(1, min(lines.count, error.line))
        for number in max(1, last - 2)...last {
            var line = StyledLine(
                TextFit.pad(String(number), to: 4, alignment: .right) + " │ ", CellStyle(.ui(.dim), fill: fill))
            line.append(lines[number - 1], CellStyle(number == error.line ? .ui(.text) : .ui(.dim), fill: fill))
            result.append(line)
        }
        let column = DisplayWidth.of(String(lines[safe: error.line - 1]?.prefix(error.column - 1) ?? ""))
        var caret = StyledLine("     │ " + String(repeating: " ", count: column), CellStyle(.ui(.dim), fill: fill))
        caret.append("^ " + error.message, CellStyle(.ui(.error), fill: fill, emphasis: .bold))
        result.append(caret)
        return result
    }
}

extension Array {
    /// The element at an index, or nil outside the array.
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
