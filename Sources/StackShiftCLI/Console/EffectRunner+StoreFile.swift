import Console
import DurableJobs
import Foundation

extension EffectRunner {
    /// Whether an effect reads or writes the store (the editor and the clipboard do not).
    static func touchesStore(_ effect: ConsoleEffect) -> Bool {
        switch effect {
        case .editState, .copyToClipboard, .quit: false
        default: true
        }
    }

    /// Why the store's file cannot be used now, or nil when it can. A whole SQLite file put in the place of
    /// the one opened is opened in its turn (at most once a second), when the session said how.
    func storeFileProblem() async -> String? {
        guard let watch else { return nil }
        switch watch.check() {
        case .healthy:
            return nil
        case .unusable(let reason):
            return reason
        case .replaced(let identity):
            guard let reopen else {
                return "the database file \(watch.path) was replaced by another file; "
                    + "quit and open the console again to read it"
            }
            if let last = lastReopen, ContinuousClock.now - last.at < .seconds(1) {
                return last.failure ?? "the database file \(watch.path) was replaced; opening it again"
            }
            do {
                operations = try await reopen()
                self.watch?.adopt(identity)
                restartsFeed = true
                lastReopen = (ContinuousClock.now, nil)
                return nil
            } catch {
                let failure =
                    "the database file \(watch.path) was replaced, and the new file cannot be opened: "
                    + Self.describe(error)
                lastReopen = (ContinuousClock.now, failure)
                return failure
            }
        }
    }

    /// Reports an effect not carried out because the store's file cannot be used: a read as a load failure
    /// (the header shows it), a write as a failed action that wrote nothing.
    func refuse(_ effect: ConsoleEffect, because problem: String) {
        switch effect {
        case .write(let write):
            send(.actionFinished(.failed(write, message: problem + "; nothing was written")))
        case .explain(let id):
            send(.diagnosisFailed(id, message: problem))
        default:
            send(.loadFailed(problem))
        }
    }
}
