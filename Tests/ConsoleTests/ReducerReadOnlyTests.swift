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
        .view(.toggleQueuePause), .view(.releaseLock), .view(.retryFromStep), .view(.forgetWorker),
        .view(.deleteEvent),
    ]

    /// A console in every scope keys act in, each with a selection the dangerous commands there apply to.
    static func states(readOnly: Bool) -> [KeyScope: ConsoleState] {
        var runs = Fixtures.runsState(readOnly: readOnly)
        runs.moveSelection(to: .run(Fixtures.runs[2].id))
        var why = Fixtures.operationsState(.waits, readOnly: readOnly)
        why.moveSelection(to: .wait(Fixtures.waits[0].id))
        why.press("w")
        _ = why.reduce(.diagnosed(Fixtures.waitingDiagnosis))
        return [
            .queues: Fixtures.state(readOnly: readOnly), .runs: runs, .run: Fixtures.runState(readOnly: readOnly),
            .waits: Fixtures.operationsState(.waits, readOnly: readOnly),
            .events: Fixtures.operationsState(.events, readOnly: readOnly),
            .state: Fixtures.operationsState(.state, readOnly: readOnly),
            .schedules: Fixtures.operationsState(.schedules, readOnly: readOnly),
            .workers: Fixtures.operationsState(.workers, readOnly: readOnly), .why: why,
            .failures: Fixtures.operationsState(.failures, readOnly: readOnly),
            .audit: Fixtures.operationsState(.audit, readOnly: readOnly),
        ]
    }

    /// The state a dangerous command acts in when the console is writable: the scope's state, with the
    /// cursor moved where the command applies (retry needs a failed run, cancel an active one, + and - an
    /// integer value).
    static func state(
        for command: KeyCommand, in scope: KeyScope, readOnly: Bool, states: [KeyScope: ConsoleState]
    ) -> ConsoleState? {
        switch (command, scope) {
        case (.view(.retry), .run):
            var failed = Fixtures.runsState(readOnly: readOnly)
            failed.moveSelection(to: .run(Fixtures.runs[2].id))
            failed.press(.enter)
            return failed
        case (.view(.retryFromStep), .run):
            var failed = Fixtures.runViewState(readOnly: readOnly)
            failed.press("G")
            return failed
        case (.view(.cancel), .runs):
            var waiting = Fixtures.runsState(readOnly: readOnly)
            waiting.moveSelection(to: .run(Fixtures.runs[1].id))
            return waiting
        case (.view(.incrementState), .state), (.view(.decrementState), .state):
            var integer = Fixtures.operationsState(.state, readOnly: readOnly)
            integer.moveSelection(to: .stateKey("imports:42:count"))
            return integer
        case (.view(.releaseLock), .state):
            var locks = Fixtures.operationsState(.state, readOnly: readOnly)
            locks.press(.tab)
            return locks
        case (.view(.forgetWorker), .workers):
            var workers = Fixtures.operationsState(.workers, readOnly: readOnly)
            _ = workers.reduce(.workersLoaded(Fixtures.workers, runsInHand: [:], liveness: 60, at: Fixtures.now))
            workers.moveSelection(to: .listRow(.workers, "w-api-91aa"))
            return workers
        case (.view(.retry), .why), (.view(.releaseLock), .why), (.view(.toggleQueuePause), .why):
            // The why panel whose fix the key is.
            let fixes: [ViewCommand: Int] = [.retry: 0, .releaseLock: 1, .toggleQueuePause: 2]
            guard case .view(let view) = command, let index = fixes[view] else { return nil }
            let fix = ReducerWhyFixTests.cases[index]
            var panel = Fixtures.runsState(readOnly: readOnly)
            panel.moveSelection(to: .run(fix.run.id))
            panel.press("w")
            _ = panel.reduce(.diagnosed(fix.diagnosis))
            return panel
        default:
            return states[scope]
        }
    }

    /// What a key press set going toward a change of data.
    enum Change: Equatable, CustomStringConvertible {
        /// A write handed to the session at once.
        case write(ConsoleWrite)
        /// A state value opened in `$EDITOR`.
        case editor(key: String)
        /// The runs a bulk action would touch, being counted for its confirm dialog.
        case bulk(BulkKind)
        /// A confirm dialog, by title.
        case dialog(String)
        /// A form, by title.
        case form(String)

        var description: String {
            switch self {
            case .write(let write): "write \(write)"
            case .editor(let key): "editor on \(key)"
            case .bulk(let kind): "bulk \(kind.verb)"
            case .dialog(let title): "dialog \"\(title)\""
            case .form(let title): "form \"\(title)\""
            }
        }
    }

    /// The change a key press set going; nil when it set none going (a refusal, a flash, a load).
    static func change(_ before: ConsoleState, _ key: Key) -> Change? {
        var after = before
        for effect in after.reduce(.key(key)) {
            switch effect {
            case .write(let write): return .write(write)
            case .editState(let request): return .editor(key: request.key)
            case .prepareBulk(let kind, _): return .bulk(kind)
            default: continue
            }
        }
        if let dialog = after.dialog { return .dialog(dialog.title) }
        if let form = after.form { return .form(form.title) }
        return nil
    }

    /// Every destructive key, where it applies, and the change it sets going in a writable console.
    static func dangerousPresses(readOnly: Bool) -> [(String, ConsoleState, Key, Change)] {
        let states = states(readOnly: readOnly)
        func on(_ scope: KeyScope) -> ConsoleState { states[scope] ?? Fixtures.state(readOnly: readOnly) }
        var waiting = Fixtures.runsState(readOnly: readOnly)
        waiting.moveSelection(to: .run(Fixtures.runs[1].id))
        var integer = on(.state)
        integer.moveSelection(to: .stateKey("imports:42:count"))
        var locks = on(.state)
        locks.press(.tab)
        let send = Change.form("Send event")
        var failedStep = Fixtures.runViewState(readOnly: readOnly)
        failedStep.press("G")
        let fromStep = "Retry \(Fixtures.failedDetail.run.id) from step charge-card?"
        return [
            ("retry from step", failedStep, .character("R"), .dialog(fromStep)),
            ("retry", on(.runs), .character("r"), .dialog("Retry run?")),
            ("cancel", waiting, .character("C"), .dialog("Cancel run?")),
            ("bulk retry", on(.runs), .control("t"), .bulk(.retry)),
            ("bulk cancel", on(.runs), .control("x"), .bulk(.cancel)),
            ("send from waits", on(.waits), .character("s"), send),
            ("send from events", on(.events), .character("s"), send),
            ("send from run", on(.run), .character("s"), send), ("send from why", on(.why), .character("s"), send),
            ("edit", on(.state), .character("e"), .editor(key: "feature-flags")),
            ("ttl", on(.state), .character("T"), .form("TTL of feature-flags")),
            ("increment", integer, .character("+"), .write(.incrementState(key: "imports:42:count", amount: 1))),
            ("decrement", integer, .character("-"), .write(.incrementState(key: "imports:42:count", amount: -1))),
            ("delete", on(.state), .character("d"), .dialog("Delete feature-flags?")),
            ("pause queue", on(.queues), .character("P"), .dialog("Pause queue emails?")),
            ("release lock", locks, .character("u"), .dialog("Release lock imports:42?")),
        ]
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

    @Test("read-only refuses every dangerous binding in every scope it is bound in, where a writable console acts")
    func refusesEveryDangerousBinding() throws {
        let writableStates = Self.states(readOnly: false)
        let readOnlyStates = Self.states(readOnly: true)
        var checked = 0
        for binding in Keymap.standard.bindings where binding.isDangerous {
            for scope in binding.scopes {
                let writable = try #require(
                    Self.state(for: binding.command, in: scope, readOnly: false, states: writableStates),
                    "a state for \(scope)")
                let state = try #require(
                    Self.state(for: binding.command, in: scope, readOnly: true, states: readOnlyStates),
                    "a state for \(scope)")
                for key in binding.keys {
                    #expect(
                        Self.change(writable, key) != nil,
                        "\(binding.command) on \(key) in \(scope) acts when writable, so refusing it means something")
                    var pressed = state
                    let effects = pressed.reduce(.key(key))
                    #expect(effects.isEmpty, "\(binding.command) on \(key) in \(scope)")
                    #expect(pressed.dialog == nil && pressed.form == nil, "\(binding.command) in \(scope)")
                    // The refusal names the key and what it would have done, and why it is off.
                    let message = pressed.flash?.message ?? ""
                    #expect(
                        message.hasPrefix("read-only: \(key.label) (")
                            && message.hasSuffix(") is disabled (opened with --read-only)")
                            && message.localizedCaseInsensitiveContains(
                                binding.summary.components(separatedBy: " (")[0].dropFirst()),
                        "\(binding.command) in \(scope): \(message)")
                    checked += 1
                }
            }
        }
        #expect(checked >= Self.dangerous.count)
    }

    @Test("read-only: no destructive key acts, opens a form or asks, where a writable console does exactly that")
    func readOnlyHandling() {
        let writable = Self.dangerousPresses(readOnly: false)
        let readOnly = Self.dangerousPresses(readOnly: true)
        #expect(writable.count == readOnly.count)
        for ((name, open, key, expected), (_, closed, _, _)) in zip(writable, readOnly) {
            #expect(Self.change(open, key) == expected, "\(name): a writable console sets going \(expected)")
            #expect(Self.change(closed, key) == nil, "\(name): a read-only one sets nothing going")
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
        for (name, state, _, _) in Self.dangerousPresses(readOnly: true) {
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
