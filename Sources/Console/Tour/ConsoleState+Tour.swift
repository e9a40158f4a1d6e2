import JobStore

extension ConsoleState {
    /// Where the tour is drawn at the current size.
    public var tourPlacement: TourPlacement { TourPlacement.of(tour, width: width, height: height) }

    /// After an action: if it reached the current step's goal, the step is done and the next one is taught;
    /// a step whose fix must take effect first waits for it (see ``TourAwait``).
    mutating func advanceTour(after action: ConsoleAction, before: TourMoment) {
        guard let goal = tour?.currentStep?.goal else { return }
        let progress = Self.tourProgress(
            goal, action: action, before: before, after: TourMoment(self), awaiting: tour?.awaiting)
        switch progress {
        case .none:
            break
        case .done:
            tour?.advance()
        case .awaiting(let effect):
            tour?.awaiting = effect
        case .fixUndone(let message):
            tour?.awaiting = nil
            showFlash(message, kind: .info)
        }
    }

    /// What an action did for a goal.
    enum TourProgress: Equatable {
        /// Nothing.
        case none
        /// The goal is reached.
        case done
        /// The fix was made; the step waits for its effect.
        case awaiting(TourAwait)
        /// The fix did not hold (the retried run failed again): the step needs it made again.
        case fixUndone(String)
    }

    /// Whether an action reached a goal, judged from the state just before and just after it and what the
    /// step already waits for. Pure.
    static func tourProgress(
        _ goal: TourGoal, action: ConsoleAction, before: TourMoment, after: TourMoment, awaiting: TourAwait?
    ) -> TourProgress {
        switch goal {
        case .openedRun:
            guard case .run = after.view else { return .none }
            return after.view != before.view ? .done : .none
        case .viewedTimeline:
            guard case .key = action, case .run = after.view, after.tab == .timeline, !after.hasOverlay else {
                return .none
            }
            // Arriving on the timeline (another section or another view before), or moving through it.
            if before.view != after.view || before.tab != .timeline { return .done }
            let moves: Set<ViewCommand> = [.moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom]
            guard !before.hasOverlay, case .view(let command) = before.command else { return .none }
            return moves.contains(command) ? .done : .none
        case .openedWaits:
            return after.view == .waits && before.view != .waits ? .done : .none
        case .askedWhy:
            guard let run = after.whyRunId else { return .none }
            return run != before.whyRunId ? .done : .none
        case .sentEvent:
            // Done when a waiting run took the event, not when an event nobody waits for was sent.
            guard case .actionFinished(.eventSent(let result)) = action else { return .none }
            return result.resumed.isEmpty ? .none : .done
        case .retriedRun:
            return retryProgress(action: action, awaiting: awaiting)
        case .resumedQueue:
            return resumeProgress(action: action, awaiting: awaiting)
        case .releasedLock:
            guard case .actionFinished(.lockReleased(_, _, let released)) = action else { return .none }
            return released == nil ? .none : .done
        case .inspectedCrash:
            return after.showsCrashedAttempt && !before.showsCrashedAttempt ? .done : .none
        }
    }

    /// A retry is made with `r` on a run, or on a cause in the failures view; the step is done when the change
    /// feed says a retried run completed.
    static func retryProgress(action: ConsoleAction, awaiting: TourAwait?) -> TourProgress {
        switch action {
        case .actionFinished(.retried(let run)):
            return .awaiting(.runCompleted(run.id))
        case .actionFinished(.bulkFinished(.retry, let changed, _, _)):
            return changed.isEmpty ? .none : .awaiting(.anyRunCompleted(Set(changed)))
        case .changesArrived(let entries, _, _):
            switch awaiting {
            case .runCompleted(let id):
                for entry in entries where entry.runId == id {
                    if entry.kind == .completed { return .done }
                    if entry.kind == .failed {
                        return .fixUndone("\(id) failed again: is its dependency back? Retry it once it is")
                    }
                }
            case .anyRunCompleted(let ids):
                if entries.contains(where: { ids.contains($0.runId) && $0.kind == .completed }) { return .done }
            default:
                break
            }
            return .none
        default:
            return .none
        }
    }

    /// A resume is made with `P`; the step is done when the queue shows no queued runs.
    static func resumeProgress(action: ConsoleAction, awaiting: TourAwait?) -> TourProgress {
        switch action {
        case .actionFinished(.queuePauseChanged(let queue)):
            return queue.paused ? .none : .awaiting(.queueDrained(queue.name))
        case .queuesLoaded(let queues, _):
            guard case .queueDrained(let name) = awaiting,
                let queue = queues.first(where: { $0.queue.name == name })
            else { return .none }
            if queue.queue.paused { return .fixUndone("\(name) was paused again") }
            return queue.count(.queued) == 0 ? .done : .none
        default:
            return .none
        }
    }

    /// `i`: shows or hides the tour panel; the tour goes on either way.
    mutating func toggleTour() -> [ConsoleEffect] {
        guard tour != nil else {
            showFlash("No tour here: stackshift demo --tour starts one", kind: .info)
            return []
        }
        tour?.isVisible.toggle()
        keepSelectionInView()
        if tour?.isVisible == false { showFlash("Tour hidden: i shows it again", kind: .info) }
        return []
    }
}
