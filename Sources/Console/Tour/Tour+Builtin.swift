extension Tour {
    /// The tour, decoded from ``Tour/builtinYAML``.
    ///
    /// - Throws: ``YAMLFileError`` only if the built-in text were broken (a test keeps it valid).
    public static func builtin() throws -> Tour {
        try decode(yaml: builtinYAML, file: "tour (built in)")
    }

    /// The text of `demo/tour.yaml`, built in so `stackshift demo --tour` works from any folder with an
    /// installed binary. A test keeps the two the same, byte for byte: after editing the file, copy it here.
    /// Its `scenario: incident.yaml` names the built-in incident scenario.
    public static let builtinYAML = #"""
        # The guided tour (`stackshift demo --tour`): short steps that teach the console on the live incident.
        # Each step is done when its `doneWhen` happens in the console; a step that fixes something is done
        # only once the fix took effect (the retried run completed, the resumed queue drained).
        title: Find out why runs are not moving
        scenario: incident.yaml    # the scenario the tour is written for, relative to this file
        steps:
          - id: open-run
            title: Open a run
            text: >
              The console opens on the Overview: throughput, latency and what needs attention, ranked. Press 3
              for the Runs view: every run, newest first. Move with j and k (or click a row), then press Enter
              (or click it again) to open one.
            keys: ["3", j, k, Enter]
            doneWhen: openedRun

          - id: read-timeline
            title: Read its timeline
            text: >
              Each attempt, step, wait and retry is on the run's timeline, with the logs it wrote. Scroll it and
              note which step ran on which attempt.
            keys: [j, k, l]
            doneWhen: viewedTimeline

          - id: resume-queue
            title: Resume the paused queue
            text: >
              Verification emails pile up and none is sent. Press 2 for the Queues view: emails is paused (⏸),
              left so after a deploy. Select it and press P to resume it. Done when its queued emails have gone.
            keys: ["2", j, k, P]
            doneWhen: resumedQueue

          - id: find-stuck-wait
            title: Find the stuck wait
            text: >
              One payment has been waiting for payment.confirmed far longer than the others. Press 4 for the
              Waits view and find it; look at the unconsumed events next to it.
            keys: ["4"]
            doneWhen: openedWaits

          - id: ask-why
            title: Ask why
            text: >
              Press w on the waiting run. The answer names the key it waits for and the near miss: an event
              whose key differs only by case.
            keys: [w]
            doneWhen: askedWhy

          - id: send-event
            title: Send the event
            text: >
              Press s to send payment.confirmed with the run's own key (the form is prefilled from the wait).
              Done when the run takes the event and resumes.
            keys: [s]
            doneWhen: sentEvent

          - id: inspect-crash
            title: See what a dead worker left
            text: >
              A worker died mid-import. Press 8 for the Workers view: it is silent. Its imports runs were taken
              over: press 3, filter with / imports, open one that ran twice (TRY or the Gantt chart shows it),
              and Tab to Attempts. One attempt crashed; the next did not run the committed step again.
            keys: ["8", "3", /, Enter, Tab]
            doneWhen: inspectedCrash

          - id: release-lock
            title: Release the orphaned lock
            text: >
              Search-index rebuilds keep failing to take their lock: the run that held it died with the worker.
              Press 6 for the State view, Tab to the locks, select the search-index lock and press u.
            keys: ["6", Tab, j, k, u]
            doneWhen: releasedLock

          - id: retry-failed
            title: Retry what the outage failed
            text: >
              Provisioning runs failed while the provider was down (its first two minutes). Press 9 for
              Failures: the provider's cause leads, with its runs and when it was last seen. Once LAST stops
              saying now, the provider is back: press r to retry all of that cause's runs (completed steps are
              not run again). Done when a retried run completes; if they fail again, wait, then retry.
            keys: ["9", r, Tab, Enter]
            doneWhen: retriedRun

        """#
}
