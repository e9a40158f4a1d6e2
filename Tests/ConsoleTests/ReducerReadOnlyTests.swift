import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: read-only mode")
struct ReducerReadOnlyTests {
    /// The commands that change data, as DESIGN.md §5 lists them.
    static let dangerous: Set<KeyCommand> = [
        .view(.retry), .view(.cancel), .view(.bulkRetry), .view(.bulkCancel), .view(.sendEvent), .view(.editState),
        .view(.setTTL), .view(.incrementState), .view(.decrementState), .view(.deleteState),
        .view(.toggleQueuePause),
    ]

    /// A console in every scope keys act in, each with a selection the dangerous commands there apply to.
    static func states(readOnly: Bool) -> [KeyScope: ConsoleState] {
        var runs = Fixtures.runsState(readOnly: readOnly)
        while runs.selectedRunId != Fixtures.runs[2].id { runs.press("j") }
        var why = Fixtures.operationsState(.waits, readOnly: readOnly)
        while why.selectedWait?.id != Fixtures.waits[0].id { why.press("j") }
        why.press("w")
        _ = why.reduce(.diagnosed(Fixtures.waitingDiagnosis))
        return [
            .queues: Fixtures.state(readOnly: readOnly), .runs: runs, .run: Fixtures.runState(readOnly: readOnly),
            .waits: Fixtures.operationsState(.waits, readOnly: readOnly),
            .events: Fixtures.operationsState(.events, readOnly: readOnly),
            .state: Fixtures.operationsState(.state, readOnly: readOnly),
            .schedules: Fixtures.operationsState(.schedules, readOnly: readOnly),
            .workers: Fixtures.operationsState(.workers, readOnly: readOnly), .why: why,
        ]
    }

    /// Every destructive key, where it applies: a writable console acts on each of these.
    static func dangerousPresses(readOnly: Bool) -> [(String, ConsoleState, Key)] {
        let states = states(readOnly: readOnly)
        func on(_ scope: KeyScope) -> ConsoleState { states[scope] ?? Fixtures.state(readOnly: readOnly) }
        var waiting = Fixtures.runsState(readOnly: readOnly)
        while waiting.selectedRunId != Fixtures.runs[1].id { waiting.press("j") }
        var integer = on(.state)
        while integer.selectedStateEntry?.key != "imports:42:count" { integer.press("j") }
        return [
            ("retry", on(.runs), .character("r")), ("cancel", waiting, .character("C")),
            ("bulk retry", on(.runs), .control("t")), ("bulk cancel", on(.runs), .control("x")),
            ("send from waits", on(.waits), .character("s")), ("send from events", on(.events), .character("s")),
            ("send from run", on(.run), .character("s")), ("send from why", on(.why), .character("s")),
            ("edit", on(.state), .character("e")), ("ttl", on(.state), .character("T")),
            ("increment", integer, .character("+")), ("decrement", integer, .character("-")),
            ("delete", on(.state), .character("d")), ("pause queue", on(.queues), .character("P")),
        ]
    }

    /// Whether a key press did anything toward a change: an effect, a dialog or a form.
    static func acted(_ before: ConsoleState, _ key: Key) -> Bool {
        var after = before
        let effects = after.reduce(.key(key))
        return !effects.isEmpty || after.dialog != nil || after.form != nil
    }

    @Test("dangerous is a property of the command: exactly the commands that change data carry it")
    func dangerousCommands() {
        let keymap = Keymap.standard
        #expect(Set(keymap.bindings.filter(\.isDangerous).map(\.command)) == Self.dangerous)
        for binding in keymap.bindings {
            #expect(binding.isDangerous == binding.command.isDangerous)
        }
        for command in [KeyCommand.input(.accept), .form(.submit), .dialog(.press), .edit(.clear), .view(.quit)] {
            #expect(!command.isDangerous, "\(command)")
        }
    }

    @Test("read-only refuses every dangerous binding of the keymap, in every scope it is bound in, with one message")
    func refusesEveryDangerousBinding() throws {
        let states = Self.states(readOnly: true)
        var checked = 0
        for binding in Keymap.standard.bindings where binding.isDangerous {
            for scope in binding.scopes {
                let state = try #require(states[scope], "a state for \(scope)")
                for key in binding.keys {
                    var pressed = state
                    let effects = pressed.reduce(.key(key))
                    #expect(effects.isEmpty, "\(binding.command) on \(key) in \(scope)")
                    #expect(pressed.dialog == nil && pressed.form == nil, "\(binding.command) in \(scope)")
                    #expect(
                        pressed.flash?.message == "This console is read-only: every action that changes data is off",
                        "\(binding.command) in \(scope)")
                    checked += 1
                }
            }
        }
        #expect(checked >= Self.dangerous.count)
    }

    @Test("read-only: no destructive key acts, opens a form or asks, where a writable console would")
    func readOnlyHandling() {
        let writable = Self.dangerousPresses(readOnly: false)
        let readOnly = Self.dangerousPresses(readOnly: true)
        for ((name, open, key), (_, closed, _)) in zip(writable, readOnly) {
            let actsWhenWritable = Self.acted(open, key)
            let actsWhenReadOnly = Self.acted(closed, key)
            #expect(actsWhenWritable, "\(name): a writable console acts")
            #expect(!actsWhenReadOnly, "\(name): a read-only one does not")
        }
    }

    @Test("read-only: no key in any scope lets a write or an edit out")
    func noWriteEscapes() {
        for (scope, state) in Self.states(readOnly: true) {
            for binding in Keymap.standard.bindings {
                for key in binding.keys {
                    var pressed = state
                    let effects = pressed.reduce(.key(key)) + pressed.reduce(.key(.tab)) + pressed.reduce(.key(.enter))
                    let writes = effects.filter {
                        switch $0 {
                        case .write, .editState: true
                        default: false
                        }
                    }
                    #expect(writes.isEmpty, "\(key) then Tab, Enter in \(scope)")
                }
            }
        }
    }

    @Test("a dangerous key is never also a global key, so refusing it hides nothing a read-only console needs")
    func dangerousKeysShadowNothing() {
        let keymap = Keymap.standard
        for binding in keymap.bindings where binding.isDangerous {
            for key in binding.keys {
                #expect(keymap.binding(for: key, in: [.global]) == nil, "\(key)")
            }
        }
    }

    @Test("read-only: destructive keys are gone from the hint bar and help")
    func readOnlyHidden() {
        let keymap = Keymap.standard
        for scope in KeyScope.allCases {
            let hints = keymap.hints(in: [scope, .global], readOnly: true).map(\.command)
            #expect(Self.dangerous.isDisjoint(with: hints), "\(scope)")
        }
        let sections = keymap.helpSections(readOnly: true)
        #expect(!sections.flatMap(\.bindings).contains { Self.dangerous.contains($0.command) })
        #expect(!sections.map(\.scope).contains(.form) && !sections.map(\.scope).contains(.dialog))
        for (name, state, _) in Self.dangerousPresses(readOnly: true) {
            for label in ["r retry", "C cancel", "s send", "e edit", "T ttl", "+ incr", "d delete", "P pause queue"] {
                #expect(!state.hintBar.contains(label), "\(name): \(label)")
            }
        }
        var help = Fixtures.operationsState(.state, readOnly: true)
        help.press("?")
        let screen = help.screen
        #expect(screen.contains("Keys (read-only: every action that changes data is off)"))
        #expect(!screen.contains("Edit the value") && !screen.contains("Delete the value"))
        let writable = Fixtures.operationsState(.state)
        #expect(writable.hintBar.contains("e edit") && writable.hintBar.contains("d delete"))
    }
}
