import Foundation
import JobStore
import Testing

@testable import Demo

@Suite("Seeded traffic, providers and the demo's pace")
struct DeterminismTests {
    let scenario = Scenario(name: "Test")

    private func sample(seed: UInt64, count: Int = 50) -> [String] {
        var traffic = TrafficModel(seed: seed, scenario: scenario)
        var lines: [String] = []
        for _ in 0..<count {
            let signup = traffic.nextSignup()
            let payment = traffic.nextPayment()
            let upload = traffic.nextUpload()
            lines.append("\(signup.email) \(String(describing: signup.resendAfter))")
            lines.append("\(payment.payment) \(payment.confirmation) \(payment.webhookDelay)")
            lines.append(
                "\(upload.files) \(String(describing: upload.delay)) \(String(describing: upload.cancelAfter))")
            lines.append("\(traffic.nextSearchRebuild())")
        }
        return lines
    }

    @Test("the same seed generates the same payloads; another seed does not")
    func sameSeedSamePayloads() {
        #expect(sample(seed: 42) == sample(seed: 42))
        #expect(sample(seed: 42) != sample(seed: 43))
    }

    @Test("each flow's sequence is its own: the order flows are asked in changes nothing")
    func flowsAreIndependent() {
        var together = TrafficModel(seed: 9, scenario: scenario)
        var paymentsOnly = TrafficModel(seed: 9, scenario: scenario)
        for _ in 0..<20 {
            _ = together.nextSignup()
            _ = together.nextUpload()
            #expect(together.nextPayment() == paymentsOnly.nextPayment())
        }
    }

    @Test("generated payloads look like the product's: ids, emails, plans, files")
    func realisticPayloads() {
        var traffic = TrafficModel(seed: 1, scenario: scenario)
        let signup = traffic.nextSignup().email
        #expect(signup.userId.hasPrefix("user_"))
        #expect(signup.email.contains("@"))
        let payment = traffic.nextPayment()
        #expect(payment.payment.paymentId.hasPrefix("pay_"))
        #expect(payment.payment.paymentId == payment.payment.paymentId.lowercased())
        #expect(payment.confirmation.paymentId == payment.payment.paymentId)
        #expect(scenario.payments.webhookDelay.min...scenario.payments.webhookDelay.max ~= payment.webhookDelay)
        let upload = traffic.nextUpload()
        #expect((1...3).contains(upload.files.count))
        #expect(upload.files.allSatisfy { $0.fileName.hasSuffix(".csv") && $0.fileId.hasPrefix("file_") })
    }

    @Test("provider outcomes depend on the seed and the call, not on when or in which order it is made")
    func providerOutcomes() {
        let pace = DemoPace(speed: 1)
        var flaky = scenario
        flaky.signups.mailFailureProbability = 0.5
        let one = SimulatedProviders(seed: 5, scenario: flaky, pace: pace)
        let same = SimulatedProviders(seed: 5, scenario: flaky, pace: pace)
        let other = SimulatedProviders(seed: 6, scenario: flaky, pace: pace)
        let calls = (0..<200).map { "user_\($0)" }
        let outcomes = { (providers: SimulatedProviders) in
            calls.map { providers.fails(.mail, normally: 0.5, entity: $0, attempt: 1, call: "verification") }
        }
        #expect(outcomes(one) == outcomes(same))
        #expect(outcomes(one) != outcomes(other))
        let failures = outcomes(one).filter { $0 }.count
        #expect((60...140).contains(failures), "about half of 200 calls fail: \(failures)")
        #expect(
            one.duration(.provision, entity: "cus_1", attempt: 1)
                == same.duration(.provision, entity: "cus_1", attempt: 1))
    }

    @Test("a planted outage raises a provider's failure rate only while it lasts")
    func outageWindow() {
        var incident = scenario
        var outage = FlakyProviderFault()
        outage.lasts = .minutes(20)
        outage.failureProbability = 1
        incident.faults.flakyProvider = outage
        let start = Date()
        let during = SimulatedProviders(
            seed: 1, scenario: incident, pace: DemoPace(speed: 1, startedAt: start, origin: .now))
        #expect(during.failureProbability(.provisioning, normally: 0.02) == 1)
        #expect(during.failureProbability(.mail, normally: 0.1) == 0.1)
        // A demo that started 21 real minutes ago at speed 1: the outage is over.
        let after = SimulatedProviders(
            seed: 1, scenario: incident, pace: DemoPace(speed: 1, startedAt: start, origin: .now - .seconds(21 * 60)))
        #expect(after.failureProbability(.provisioning, normally: 0.02) == 0.02)
        // At speed 10 the same 20 demo-minutes are 2 real minutes: over after 2m10s, not before 1m50s.
        let fastDuring = SimulatedProviders(
            seed: 1, scenario: incident, pace: DemoPace(speed: 10, startedAt: start, origin: .now - .seconds(110)))
        #expect(fastDuring.failureProbability(.provisioning, normally: 0.02) == 1)
        let fastAfter = SimulatedProviders(
            seed: 1, scenario: incident, pace: DemoPace(speed: 10, startedAt: start, origin: .now - .seconds(130)))
        #expect(fastAfter.failureProbability(.provisioning, normally: 0.02) == 0.02)
    }

    @Test("the pace divides the demo's waits by the speed and leaves the clock alone")
    func pace() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let pace = DemoPace(speed: 10, startedAt: start, origin: .now)
        #expect(pace.real(.seconds(30)) == .seconds(3))
        #expect(pace.real(DemoDuration.hours(24)) == .seconds(8640))
        #expect(pace.realSeconds(60) == 6)
        #expect(pace.scenario(.seconds(3)) == .seconds(30))
        #expect(pace.date(after: .minutes(20)) == start.addingTimeInterval(120))
        #expect(pace.describe(.hours(24)) == "144m (1d of demo time)")
        #expect(DemoPace(speed: 1).describe(.hours(24)) == "1d")
        // Backoff delays shrink; attempts, growth and jitter stay the scenario's.
        let policy = pace.real(RetryPolicy(maxAttempts: 5, initialDelay: 5, maxDelay: 120, jitter: 0.2))
        #expect(policy.initialDelay == 0.5 && policy.maxDelay == 12)
        #expect(policy.maxAttempts == 5 && policy.multiplier == 2 && policy.jitter == 0.2)
        #expect(DemoPace(speed: 0).speed == 1)
        #expect(DemoPace(speed: .nan).speed == 1)
    }

    @Test("the summary says how long the demo ran, in real time and in demo time")
    func summaryTimes() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let summary = DemoSummary(
            scenario: "Incident", seed: 7, speed: 10, databasePath: nil, startedAt: start,
            takenAt: start.addingTimeInterval(10.4), runsByJob: [:], events: 0, unconsumedEvents: 0, load: LoadStats(),
            faults: PlantedFaults(), problems: [])
        #expect(
            summary.description.hasPrefix("Demo \"Incident\": seed 7, speed ×10, ran 0m 10s (1m 44s of demo time)\n"))
    }

    @Test("the seeded generator is stable across toolchains: fixed outputs for a fixed seed")
    func generatorIsStable() {
        var random = SeededGenerator(seed: 0)
        // SplitMix64's published first outputs for seed 0.
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        var dice = SeededGenerator(seed: 3)
        #expect((0..<1000).map { _ in dice.int(in: 1...6) }.allSatisfy { (1...6).contains($0) })
    }

    @Test("the seeded generator draws from ranges wider than Int can subtract, without trapping")
    func generatorWideRanges() {
        var random = SeededGenerator(seed: 11)
        let whole = (0..<200).map { _ in random.int(in: Int.min...Int.max) }
        #expect(Set(whole).count > 190, "the full range is drawn from, not pinned to one end")
        #expect(whole.contains { $0 < 0 } && whole.contains { $0 > 0 })
        let wide = (0..<200).map { _ in random.int(in: -5...Int.max) }
        #expect(wide.allSatisfy { $0 >= -5 })
        #expect((0..<50).map { _ in random.int(in: Int.min...Int.min) }.allSatisfy { $0 == Int.min })
    }
}
