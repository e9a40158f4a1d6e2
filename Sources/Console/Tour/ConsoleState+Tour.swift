import JobStore

extension ConsoleState {
    /// Where the tour is drawn at the current size.
    public var tourPlacement: TourPlacement { TourPlacement.of(tour, width: width, height: height) }

    /// After an action: if it reached the current step's goal, the step is done and the next one is taught.
    mutating func advanceTour(after action: ConsoleAction, before: TourMoment) {
        guard let goal = tour?.currentStep?.goal else { return }
        if Self.tourGoalReached(goal, action: action, before: before, after: TourMoment(self)) { tour?.advance() }
    }

    /// Whether an action reached a goal, judged from the state just before and just after it. Pure.
    static func tourGoalReached(
        _ goal: TourGoal, action: ConsoleAction, before: TourMoment, after: TourMoment
    ) -> Bool {
        switch goal {
        case .openedRun:
            guard case .run = after.view else { return false }
            return after.view != before.view
        case .viewedTimeline:
            guard case .key = action, case .run = after.view, after.tab == .timeline, !after.hasOverlay else {
                return false
            }
            // Arriving on the timeline (another section or another view before), or moving through it.
            if before.view != after.view || before.tab != .timeline { return true }
            let moves: Set<ViewCommand> = [.moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom]
            guard !before.hasOverlay, case .view(let command) = before.command else { return false }
            return moves.contains(command)
        case .openedWaits:
            return after.view == .waits && before.view != .waits
        case .askedWhy:
            guard let run = after.whyRunId else { return false }
            return run != before.whyRunId
        case .sentEvent:
            if case .actionFinished(.eventSent) = action { return true }
            return false
        case .retriedRun:
            switch action {
            case .actionFinished(.retried): return true
            case .actionFinished(.bulkFinished(.retry, let succeeded, _, _)): return succeeded > 0
            default: return false
            }
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
