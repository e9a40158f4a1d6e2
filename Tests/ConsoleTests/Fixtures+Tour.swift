import Console
import Foundation
import JobStore

extension Fixtures {
    /// The steps of `demo/tour.yaml`, as the CLI hands them to the console.
    static let tourSteps: [TourStep] = [
        TourStep(
            id: "open-run", title: "Open a run",
            text: "The Runs view lists every run, newest first. Move with j and k, then press Enter to open one.",
            keys: ["j", "k", "Enter"], goal: .openedRun),
        TourStep(
            id: "read-timeline", title: "Read its timeline",
            text: "Each attempt, step, wait and retry is on the run's timeline, with the logs it wrote. Scroll it and "
                + "note which step ran on which attempt.",
            keys: ["j", "k", "l"], goal: .viewedTimeline),
        TourStep(
            id: "find-stuck-wait", title: "Find the stuck wait",
            text: "One payment has been waiting for payment.confirmed far longer than the others. Open the Waits "
                + "view (:waits) and find it; look at the unconsumed events next to it.",
            keys: [":", "Enter"], goal: .openedWaits),
        TourStep(
            id: "ask-why", title: "Ask why",
            text: "Press w on the waiting run. The answer names the key it waits for and the near miss: an event "
                + "whose key differs only by case.",
            keys: ["w"], goal: .askedWhy),
        TourStep(
            id: "send-event", title: "Send the event",
            text: "Press s to send payment.confirmed with the run's own key (the form is prefilled from the wait). "
                + "The run resumes and provisions the customer.",
            keys: ["s"], goal: .sentEvent),
        TourStep(
            id: "retry-failed", title: "Retry the failed run",
            text: "Filter the Runs view to failed runs (/ failed). A provisioning run exhausted its retries while "
                + "the provider was down; press r to retry it. Completed steps are not run again.",
            keys: ["/", "r"], goal: .retriedRun),
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
