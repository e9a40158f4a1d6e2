import Console
import Foundation
import JobStore
import JobStoreTesting
import PropertyBased
import Testing

/// One thing that happens to a console: a key, a resize, time passing, or the store answering or failing.
enum ConsoleStep: Sendable, CustomStringConvertible {
    case key(Key)
    case resize(width: Int, height: Int)
    case tick(seconds: Int)
    /// The store answers what the shown view asks for, with the fixture data or with nothing at all.
    case answer(empty: Bool)
    /// A load fails.
    case fail

    var description: String {
        switch self {
        case .key(let key): "key(\(key))"
        case .resize(let width, let height): "resize(\(width)×\(height))"
        case .tick(let seconds): "tick(+\(seconds)s)"
        case .answer(let empty): empty ? "answer(nothing)" : "answer"
        case .fail: "fail"
        }
    }

    /// The action this step is on `state`: an answer fits the query the view made.
    func action(on state: ConsoleState) -> ConsoleAction {
        switch self {
        case .key(let key): return .key(key)
        case .resize(let width, let height): return .resized(width: width, height: height)
        case .tick(let seconds): return .tick(now: state.now.addingTimeInterval(Double(seconds)))
        case .fail: return .loadFailed("the database file /data/jobs.sqlite was deleted")
        case .answer(let empty): return Self.answer(on: state, empty: empty)
        }
    }

    private static func answer(on state: ConsoleState, empty: Bool) -> ConsoleAction {
        let now = state.now
        switch state.currentView {
        case .overview:
            return .overviewLoaded(Fixtures.overviewData(attention: empty ? [] : Fixtures.attention), at: now)
        case .queues: return .queuesLoaded(empty ? [] : Fixtures.queues, at: now)
        case .runs: return .runsLoaded(empty ? [] : Fixtures.runs, query: state.currentRunsQuery, at: now)
        case .run(let id):
            return .runDetailLoaded(empty || id != Fixtures.detail.run.id ? nil : Fixtures.detail, runId: id, at: now)
        case .waits:
            return .waitsLoaded(
                empty ? [] : Fixtures.waits, unconsumed: empty ? [] : Fixtures.unconsumedEvents, at: now)
        case .events where state.eventsFocus == .rejected:
            return .rejectedWebhooksLoaded(empty ? [] : Fixtures.rejectedWebhooks, at: now)
        case .events: return .eventsLoaded(empty ? [] : Fixtures.events, at: now)
        case .state: return .stateLoaded(empty ? [] : Fixtures.stateEntries, prefix: state.statePrefix, at: now)
        case .schedules:
            return .schedulesLoaded(empty ? [] : Fixtures.schedules, lastRuns: Fixtures.scheduleRuns, at: now)
        case .workers:
            return .workersLoaded(
                empty ? [] : Fixtures.workers, runsInHand: Fixtures.runsInHand, liveness: 60, at: now)
        case .audit:
            return .auditLoaded(empty ? [] : Fixtures.auditEntries, at: now)
        case .failures:
            return .failuresLoaded(
                empty ? [] : Fixtures.failureGroups, since: now.addingTimeInterval(-state.failureWindow), at: now)
        }
    }
}

@Suite("Reducer, fuzzed: random keys, resizes and store answers never trap and keep the console's invariants")
struct ReducerPropertyTests {
    /// Every key the keymap binds, and keys it does not: typed text (wide, combining, control) and others.
    static let keys: [Key] = {
        var keys: [Key] = []
        for key in Keymap.standard.bindings.flatMap(\.keys) where !keys.contains(key) { keys.append(key) }
        let typed: [Character] = ["x", "完", "e\u{301}", "\u{1B}", "\u{9B}", "\u{7}", " ", "😀"]
        return keys + typed.map(Key.character) + [.function(5), .delete, .wheelUp, .wheelDown, .control("z")]
    }()

    static func step() -> Generator<ConsoleStep, some SendableSequenceType> {
        zip(
            Gen.int(in: 0...99), Gen.element(of: keys), Gen.int(in: 1...220), Gen.int(in: 1...70)
        ).map { value -> ConsoleStep in
            let (kind, key, first, second) = value
            switch kind {
            case 0..<78: return .key(key ?? .escape)
            case 78..<82: return .resize(width: first, height: second)
            case 82..<87: return .tick(seconds: second)
            case 87..<93: return .answer(empty: false)
            case 93..<96: return .answer(empty: true)
            default: return .fail
            }
        }
    }

    /// Where a session starts: the queues, the runs, a run, or one of the list views, loaded.
    static func start(_ index: Int, readOnly: Bool) -> ConsoleState {
        switch index {
        case 0: Fixtures.state(readOnly: readOnly)
        case 1: Fixtures.runsState(width: 120, height: 30, readOnly: readOnly)
        case 2: Fixtures.runState(readOnly: readOnly)
        case 3: Fixtures.operationsState(.waits, readOnly: readOnly)
        case 4: Fixtures.operationsState(.events, readOnly: readOnly)
        case 5: Fixtures.operationsState(.state, width: 160, height: 40, readOnly: readOnly)
        case 6: Fixtures.operationsState(.schedules, readOnly: readOnly)
        default: Fixtures.operationsState(.workers, readOnly: readOnly)
        }
    }

    /// A starting view and the steps played from it.
    static func session() -> Generator<(Int, [ConsoleStep]), some SendableSequenceType> {
        zip(Gen.int(in: 0...7), step().array(of: 1...60))
    }

    @Test("random sessions never trap, and every step keeps the invariants")
    func invariantsHold() {
        fuzzCheck(count: 250, seed: 0xC0_501E, Self.session()) { value in
            Self.play(from: Self.start(value.0, readOnly: false), value.1)
        }
    }

    @Test("random sessions on a read-only console never ask for a write, an edit or a bulk action")
    func readOnlyNeverWrites() {
        fuzzCheck(count: 150, seed: 0x12EAD, Self.session()) { value in
            Self.play(from: Self.start(value.0, readOnly: true), value.1)
        }
    }

    /// Plays the steps, checking the invariants after each; draws every few steps and at the end.
    static func play(from start: ConsoleState, _ steps: [ConsoleStep]) -> String? {
        var state = start
        for (number, step) in steps.enumerated() {
            let before = state
            let action = step.action(on: state)
            let effects = state.reduce(action)
            if let problem = problem(before: before, step: step, effects: effects, after: state) {
                return "after step \(number + 1), \(step): \(problem)"
            }
            if number % 8 == 7 || number == steps.count - 1, let problem = drawingProblem(state) {
                return "after step \(number + 1), \(step): \(problem)"
            }
        }
        return nil
    }

    /// The invariants of one step: why it broke one, or nil.
    static func problem(
        before: ConsoleState, step: ConsoleStep, effects: [ConsoleEffect], after state: ConsoleState
    ) -> String? {
        let modals = [state.dialog != nil, state.form != nil, state.input != nil].filter { $0 }.count
        if modals > 1 { return "\(modals) of dialog, form and text line are open at once" }
        if state.readOnly {
            for effect in effects {
                switch effect {
                case .write, .editState, .prepareBulk: return "a read-only console asked for \(effect)"
                default: break
                }
            }
            if state.dialog != nil || state.form != nil { return "a read-only console opened a dialog or form" }
        }
        if state.viewStack.isEmpty || state.viewHistory.count > 100 { return "view stack or history out of bounds" }
        if let input = state.input, input.value.text.utf8.count > input.limit.bytes {
            return "the \(input.limit.name) holds more than its limit"
        }
        if let form = state.form, !form.fields.indices.contains(form.focus) {
            return "the form's focus is off its fields"
        }
        // A filter belongs to its view: an action changes only the filter of a view shown before or after it.
        let touched: Set<ConsoleView> = [before.currentView, state.currentView]
        for view in Set(before.filters.keys).union(state.filters.keys) where !touched.contains(view) {
            if before.filters[view] != state.filters[view] { return "the filter of \(view) changed from another view" }
        }
        if case .answer = step, state.storeOutage != nil { return "a load worked but the header still shows an error" }
        if case .fail = step, state.storeOutage == nil { return "a load failed but the header does not say so" }
        return selectionProblem(state)
    }

    /// Whether the cursor of the shown view is on one of its rows and scrolled into view.
    static func selectionProblem(_ state: ConsoleState) -> String? {
        let rows = state.layout.tableRows
        switch state.currentView {
        case .queues:
            guard let index = state.selectedQueueIndex else { return nil }
            if !state.visibleQueues.indices.contains(index) { return "queue cursor \(index) off the rows" }
            if state.showsHelp || state.why != nil { return nil }
            if index < state.queuesScroll || index >= state.queuesScroll + rows { return "queue cursor scrolled out" }
        case .runs:
            guard let index = state.selectedRunIndex else { return nil }
            if !state.visibleRuns.indices.contains(index) { return "run cursor \(index) off the rows" }
            if index < state.runsScroll || index >= state.runsScroll + rows { return "run cursor scrolled out" }
        default:
            guard let kind = state.currentView.listKind, let index = state.selectedListIndex(kind) else { return nil }
            if !state.listIds(kind).indices.contains(index) { return "\(kind) cursor \(index) off the rows" }
        }
        return nil
    }

    /// Why drawing the state went wrong: the frame's size, or a control character reaching the screen.
    static func drawingProblem(_ state: ConsoleState) -> String? {
        let buffer = ConsoleRenderer.render(state)
        if buffer.width != state.width || buffer.height != state.height { return "frame of the wrong size" }
        let control = buffer.text.unicodeScalars.first {
            $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
        }
        if let control { return "U+\(String(control.value, radix: 16)) reached the screen" }
        return nil
    }
}
