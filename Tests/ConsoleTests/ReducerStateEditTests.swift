import Foundation
import JobStore
import Testing

@testable import Console

@Suite("Reducer: state edit, TTL, increment, delete")
struct ReducerStateEditTests {
    static let progress = Fixtures.stateEntries[2]

    /// The state view with the cursor on a key.
    static func on(_ key: String) -> ConsoleState {
        var state = Fixtures.operationsState(.state)
        state.moveSelection(to: .stateKey(key))
        return state
    }

    static func request() -> StateEditRequest {
        StateEditRequest(
            key: progress.key, version: 7, originalJSON: progress.valueJSON,
            text: JSONValue.pretty(progress.valueJSON) + "\n",
            expiresAt: nil)
    }

    @Test("with the locks focused, value keys act on no value and the hints offer u instead; Tab gives them back")
    func valueKeysFollowFocus() {
        var state = Self.on(Self.progress.key)
        _ = state.reduce(.key(.tab))
        for key: Character in ["e", "T", "+", "-", "d"] {
            #expect(state.press(key) == [], "\(key) with the locks focused")
            #expect(state.dialog == nil && state.form == nil)
            #expect(
                state.flash?.message.hasPrefix("Tab focuses the values") == true,
                "\(key): \(state.flash?.message ?? "")")
        }
        let locksHints = HintBar.line(for: state, width: 200).plainText
        #expect(locksHints.contains("u unlock") && !locksHints.contains("e edit") && !locksHints.contains("d delete"))
        _ = state.reduce(.key(.tab))
        let valuesHints = HintBar.line(for: state, width: 200).plainText
        #expect(valuesHints.contains("e edit") && !valuesHints.contains("u unlock"))
        #expect(state.press("e") == [.editState(Self.request())])
    }

    @Test("e opens the value pretty-printed in $EDITOR, remembering its version")
    func editOpensEditor() {
        var state = Self.on(Self.progress.key)
        #expect(state.press("e") == [.editState(Self.request())])
        #expect(Self.request().text.hasPrefix("{\n  \"done\": 1250,\n"))
    }

    @Test("a changed value shows a diff; Cancel is the default; Write sends a compare-and-set on the version read")
    func diffThenConfirm() throws {
        var state = Self.on(Self.progress.key)
        let edited = Self.request().text.replacingOccurrences(of: "5000", with: "5200")
        #expect(state.reduce(.editorFinished(Self.request(), .saved(edited))).isEmpty)
        let dialog = try #require(state.dialog)
        #expect(dialog.focus == .dismiss)
        #expect(dialog.title == "Write imports:42:progress?")
        #expect(dialog.details.map(\.plainText).contains("-   \"total\": 5000,"))
        #expect(dialog.details.map(\.plainText).contains("+   \"total\": 5200,"))
        #expect(state.screen.contains("+   \"total\": 5200,"))
        var declined = state
        #expect(declined.press(.enter).isEmpty, "Enter on the default button writes nothing")
        #expect(declined.dialog == nil)
        state.press(.tab)
        let effects = state.press(.enter)
        #expect(
            effects == [
                .write(
                    .writeState(
                        StateWrite(
                            key: Self.progress.key,
                            valueJSON: #"{"done":1250,"total":5200,"phase":"contacts","errors":[]}"#,
                            expectedVersion: 7, expiresAt: nil, purpose: .edit)))
            ])
        let written = StateEntry(
            key: Self.progress.key, valueJSON: "{}", version: 8, updatedAt: Fixtures.now)
        let reload = state.reduce(.actionFinished(.stateWritten(written, .edit)))
        #expect(state.flash?.message == "Wrote imports:42:progress: now version 8")
        #expect(reload == [.loadState(prefix: ""), .loadLocks(prefix: "")])
    }

    @Test("an unchanged value writes nothing; an editor failure writes nothing")
    func unchangedOrFailed() {
        var state = Self.on(Self.progress.key)
        #expect(state.reduce(.editorFinished(Self.request(), .saved(Self.request().text))).isEmpty)
        #expect(state.dialog == nil)
        #expect(state.flash?.message == "No change to imports:42:progress; nothing was written")
        _ = state.reduce(.editorFinished(Self.request(), .failed("The editor (vim) exited with status 1")))
        #expect(state.dialog == nil)
        #expect(state.flash?.kind == .error)
    }

    @Test("invalid JSON from the editor is refused with its position; Edit again reopens what was typed")
    func invalidEditRefused() throws {
        var state = Self.on(Self.progress.key)
        let broken = "{\n  \"done\": 1250\n  \"total\": 5000\n}\n"
        #expect(state.reduce(.editorFinished(Self.request(), .saved(broken))).isEmpty)
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Not valid JSON")
        #expect(dialog.message.contains("line 3, column 3: expected ',' or '}' after the value of \"done\""))
        #expect(dialog.details.last?.plainText.contains("^ expected") == true)
        state.press(.tab)
        let effects = state.press(.enter)
        var again = Self.request()
        again.text = broken
        #expect(effects == [.editState(again)])
    }

    @Test("a conflict shows the value now and asks again on the new version; never an unconditional write")
    func conflictLoop() throws {
        var state = Self.on(Self.progress.key)
        let mine = StateWrite(
            key: Self.progress.key, valueJSON: #"{"done":1250,"total":5200}"#, expectedVersion: 7, expiresAt: nil,
            purpose: .edit)
        let theirs = StateEntry(
            key: Self.progress.key, valueJSON: #"{"done":1300,"total":5000}"#, version: 8, updatedAt: Fixtures.now)
        _ = state.reduce(.actionFinished(.stateConflict(mine, current: theirs)))
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "imports:42:progress changed meanwhile")
        #expect(dialog.focus == .dismiss)
        #expect(dialog.details.map(\.plainText).contains("-   \"done\": 1300,"), "the value now is shown")
        #expect(state.flash?.kind == .error)
        state.press(.tab)
        var retry = mine
        retry.expectedVersion = 8
        #expect(state.press(.enter) == [.write(.writeState(retry))])
        // Another writer again: asked again, on version 9.
        var newer = theirs
        newer.version = 9
        _ = state.reduce(.actionFinished(.stateConflict(retry, current: newer)))
        state.press(.tab)
        retry.expectedVersion = 9
        #expect(state.press(.enter) == [.write(.writeState(retry))])
        // Deleted meanwhile: recreating requires it to be still absent.
        _ = state.reduce(.actionFinished(.stateConflict(retry, current: nil)))
        #expect(state.dialog?.title == "imports:42:progress was deleted meanwhile")
        state.press(.tab)
        retry.expectedVersion = 0
        #expect(state.press(.enter) == [.write(.writeState(retry))])
    }

    @Test("T sets a TTL with compare-and-set; bad durations are refused; a conflict refuses rather than overwrite")
    func ttl() throws {
        var state = Self.on("rate:smtp:window")
        state.press("T")
        let form = try #require(state.form)
        #expect(form.title == "TTL of rate:smtp:window")
        state.type("soon")
        #expect(state.press(.enter).isEmpty)
        #expect(state.form?.error?.hasPrefix("Expires in: soon is not a duration: write a number and a unit") == true)
        state.press(.control("u"))
        state.type("99999999999999999999d")
        #expect(state.press(.enter).isEmpty, "a duration beyond 100 years is refused, not a trap")
        #expect(state.form?.error?.contains("out of range: the duration must be from 1ms to 36500d") == true)
        state.press(.control("u"))
        state.type("10m")
        let entry = Fixtures.stateEntries[4]
        let write = StateWrite(
            key: entry.key, valueJSON: entry.valueJSON, expectedVersion: 512, expiresAt: Fixtures.later(600),
            purpose: .ttl)
        #expect(state.press(.enter) == [.write(.writeState(write))])
        #expect(state.form == nil)
        _ = state.reduce(.actionFinished(.stateConflict(write, current: entry)))
        #expect(state.dialog == nil, "a TTL write never offers to overwrite a newer value")
        #expect(state.flash?.message.contains("TTL not set") == true)
        var never = Self.on("rate:smtp:window")
        never.press("T")
        never.type("never")
        var cleared = write
        cleared.expiresAt = nil
        #expect(never.press(.enter) == [.write(.writeState(cleared))])
    }

    @Test("+ and - change integers at once; other values are refused")
    func increment() {
        var state = Self.on("imports:42:count")
        #expect(state.press("+") == [.write(.incrementState(key: "imports:42:count", amount: 1))])
        #expect(state.press("-") == [.write(.incrementState(key: "imports:42:count", amount: -1))])
        _ = state.reduce(.actionFinished(.stateIncremented(key: "imports:42:count", value: 1251)))
        #expect(state.flash?.message == "imports:42:count = 1251")
        var object = Self.on(Self.progress.key)
        #expect(object.press("+").isEmpty)
        #expect(object.flash?.message.contains("not an integer") == true)
    }

    @Test("d asks first (Keep it is the default) and deletes only the version shown")
    func delete() throws {
        var state = Self.on("feature-flags")
        #expect(state.press("d").isEmpty)
        let dialog = try #require(state.dialog)
        #expect(dialog.focus == .dismiss && dialog.dismissLabel == "Keep it")
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.deleteState(key: "feature-flags", expectedVersion: 3))])
        _ = state.reduce(.actionFinished(.stateDeleteConflict(key: "feature-flags", current: nil)))
        #expect(state.flash?.message.contains("nothing was deleted") == true)
    }

    @Test("/ narrows keys by prefix as you type; Enter reloads values and locks under it; stale answers are dropped")
    func prefixFilter() {
        var state = Fixtures.operationsState(.state)
        state.press("/")
        state.type("imports:")
        #expect(state.visibleStateEntries.map(\.key) == ["imports:42:count", "imports:42:progress"])
        #expect(state.visibleLocks.map(\.key) == ["imports:42"])
        #expect(state.press(.enter) == [.loadState(prefix: "imports:"), .loadLocks(prefix: "imports:")])
        _ = state.reduce(.stateLoaded([Fixtures.stateEntries[0]], prefix: "", at: Fixtures.now))
        #expect(
            state.shown.stateEntries?.count == Fixtures.stateEntries.count, "an answer for the old prefix is dropped")
        _ = state.reduce(.stateLoaded(Array(Fixtures.stateEntries[1...2]), prefix: "imports:", at: Fixtures.now))
        #expect(state.shown.statePrefix == "imports:")
        #expect(state.press(.escape) == [.loadState(prefix: ""), .loadLocks(prefix: "")], "Esc clears the prefix")
    }
}
