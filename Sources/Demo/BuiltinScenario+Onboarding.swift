extension BuiltinScenario {
    /// The text of `demo/onboarding.yaml`, built in so the scenario needs no file. A test keeps the two the same,
    /// byte for byte: after editing the file, copy it here (or the other way round).
    static let onboardingYAML = #"""
        # Healthy traffic: every flow running, the odd transient failure retried, nothing planted.
        # Every field is optional; see demo/incident.yaml for the planted faults. Durations are demo time
        # (500ms, 90s, 5m, 24h); rates are runs per demo-minute.
        name: Onboarding
        description: >
          A healthy system: sign-ups get their verification emails, payments are provisioned once the
          processor's webhook arrives, uploads are imported batch by batch, and the nightly cleanup runs
          every demo-minute. Open a run and read its timeline.
        speed: 10          # demo seconds per real second (--speed overrides)
        seed: 2026         # the same seed gives the same users, payments, files and failures (--seed overrides)
        workScale: 1       # multiplies every simulated work time

        signups:
          perMinute: 12
          mailFailureProbability: 0.1    # the mail provider fails 10% of calls transiently; retries fix it
          resendProbability: 0.1         # "resend" clicks, absorbed by the idempotency key verify:USER

        payments:
          perMinute: 4
          pendingProbability: 0.05       # verify-payment finds the payment still pending: retried
          declinedProbability: 0.03      # declined: the run fails at once ("Payment is not complete")
          provisioningFailureProbability: 0.02
          webhookDelay: {min: 5s, max: 90s}   # payment.confirmed arrives this long after the payment
          confirmationTimeout: 24h

        uploads:
          perMinute: 3
          filesPerUpload: {min: 1, max: 3}    # a folder upload brings several files at once
          delayedProbability: 0.2             # scheduled for later: shows as scheduled
          delay: {min: 10m, max: 45m}
          cancelProbability: 0.4              # of the scheduled ones, canceled by the user before they start
          cancelAfter: {min: 30s, max: 5m}
          malformedProbability: 0.02          # parse-file fails without retry

        searchRebuilds:
          perMinute: 0.5

        concurrency:       # each queue's limit across all workers
          emails: 5
          payments: 10
          imports: 2
          maintenance: 2

        """#
}
