extension BuiltinScenario {
    /// The text of `demo/incident.yaml`, built in so the scenario needs no file. A test keeps the two the same,
    /// byte for byte: after editing the file, copy it here (or the other way round).
    static let incidentYAML = #"""
        # A practice incident: the same traffic as onboarding, with five faults planted for you to find.
        # Open the console, find each one, say why it happens, and fix what can be fixed from the console.
        name: Incident
        description: >
          Something is wrong. Some runs are not moving, some failed, a worker vanished, and a rebuild
          cannot start. Use the Runs, Waits, State and Workers views and `w` (why) to find out what.
        speed: 10
        seed: 7

        signups:
          perMinute: 12
          mailFailureProbability: 0.1
          resendProbability: 0.1

        payments:
          perMinute: 4
          pendingProbability: 0.05
          declinedProbability: 0.03
          provisioningFailureProbability: 0.02
          webhookDelay: {min: 5s, max: 90s}
          confirmationTimeout: 24h

        uploads:
          perMinute: 3
          filesPerUpload: {min: 1, max: 3}
          delayedProbability: 0.2
          delay: {min: 10m, max: 45m}
          cancelProbability: 0.4
          cancelAfter: {min: 30s, max: 5m}

        searchRebuilds:
          perMinute: 1

        faults:
          # Someone paused the emails queue during a deploy and forgot it: verification emails pile up queued.
          pausedQueue: emails

          # The payment processor sent payment.confirmed with the id in capitals (PAY_… for pay_…): the run
          # waits on its own key while the near-miss event sits unconsumed. Send the event with the right key.
          wrongKeyWebhook:
            runs: 1

          # The provisioning API is down for the first 20 demo-minutes: 90% of calls fail, runs exhaust their
          # retries and fail. Retry them once the outage is over.
          flakyProvider:
            provider: provisioning        # mail | payments | provisioning
            failureProbability: 0.9
            lasts: 20m
            runs: 3                       # runs started at once against it

          # A worker was killed while importing: its leases expire, other workers recover the runs, and the
          # attempts show crashed. The committed download-file step is not run again.
          crashedWorker:
            runs: 3
            lease: 45s
            workerId: ip-10-0-3-17:4812:w_7f3a

          # That worker was also rebuilding the search index: its run failed, but its lock lives on for 2h
          # and every rebuild since fails to take it.
          lockHeldByCrashedRun:
            ttl: 2h

        """#
}
