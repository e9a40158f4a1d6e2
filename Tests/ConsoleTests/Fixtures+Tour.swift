import Console
import Foundation
import JobStore

extension Fixtures {
    /// The steps of `demo/tour.yaml`, as the CLI hands them to the console.
    static let tourSteps: [TourStep] = [
        TourStep(
            id: "open-run", title: "Open a run",
            text: "The console opens on the Overview: throughput, latency and what needs attention, ranked. "
                + "Press 3 for the Runs view: every run, newest first. Move with j and k (or click a row), "
                + "then press Enter (or click it again) to open one.",
            keys: ["3", "j", "k", "Enter"], goal: .openedRun),
        TourStep(
            id: "read-timeline", title: "Read its timeline",
            text: "Each attempt, step, wait and retry is on the run's timeline, with the logs it wrote. "
                + "Scroll it and note which step ran on which attempt.",
            keys: ["j", "k", "l"], goal: .viewedTimeline),
        TourStep(
            id: "resume-queue", title: "Resume the paused queue",
            text: "Verification emails pile up and none is sent. Press 2 for the Queues view: emails is "
                + "paused (⏸), left so after a deploy. Select it and press P to resume it. Done when its "
                + "queued emails have gone.",
            keys: ["2", "j", "k", "P"], goal: .resumedQueue),
        TourStep(
            id: "find-stuck-wait", title: "Find the stuck wait",
            text: "One payment has been waiting for payment.confirmed far longer than the others. Press 4 "
                + "for the Waits view and find it; look at the unconsumed events next to it.",
            keys: ["4"], goal: .openedWaits),
        TourStep(
            id: "ask-why", title: "Ask why",
            text: "Press w on the waiting run. The answer names the key it waits for and the near miss: an "
                + "event whose key differs only by case.",
            keys: ["w"], goal: .askedWhy),
        TourStep(
            id: "send-event", title: "Send the event",
            text: "Press s to send payment.confirmed with the run's own key (the form is prefilled from the "
                + "wait). Done when the run takes the event and resumes.",
            keys: ["s"], goal: .sentEvent),
        TourStep(
            id: "inspect-crash", title: "See what a dead worker left",
            text: "A worker died mid-import. Press 8 for the Workers view: it is silent. Its imports runs "
                + "were taken over: press 3, filter with / imports, open one that ran twice (TRY or the "
                + "Gantt chart shows it), and Tab to Attempts. One attempt crashed; the next did not run "
                + "the committed step again.",
            keys: ["8", "3", "/", "Enter", "Tab"], goal: .inspectedCrash),
        TourStep(
            id: "release-lock", title: "Release the orphaned lock",
            text: "Search-index rebuilds keep failing to take their lock: the run that held it died with "
                + "the worker. Press 6 for the State view, Tab to the locks, select the search-index lock "
                + "and press u.",
            keys: ["6", "Tab", "j", "k", "u"], goal: .releasedLock),
        TourStep(
            id: "retry-failed", title: "Retry what the outage failed",
            text: "Provisioning runs failed while the provider was down (its first two minutes). Press 9 for "
                + "Failures: the provider's cause leads, with its runs and when it was last seen. Once LAST "
                + "stops saying now, the provider is back: press r to retry all of that cause's runs "
                + "(completed steps are not run again). Done when a retried run completes; if they fail "
                + "again, wait, then retry.",
            keys: ["9", "r", "Tab", "Enter"], goal: .retriedRun),
    ]

    /// The tour at its first step.
    static var tour: TourState { TourState(title: "Find out why runs are not moving", steps: tourSteps) }

    /// The runs view with the fixture runs loaded and the tour at its first step.
    /// `tour` may be one advanced part way, to start a test at a later step.
    static func tourState(width: Int = 160, height: Int = 48, tour: TourState = tour) -> ConsoleState {
        // The tour takes room: the session starts with it, so rows are laid out for it from the start.
        runsState(width: width, height: height, tour: tour)
    }

    /// An event sent with `pay_123`, resuming the first waiting run.
    static var sentEvent: SendEventResult {
        let event = EventRecord(
            id: 49, name: "payment.confirmed", key: "pay_123", payloadJSON: "{}", receivedAt: now,
            expiresAt: later(86_400), consumedBy: [waits[0].id])
        return SendEventResult(event: event, resumed: event.consumedBy)
    }
}
