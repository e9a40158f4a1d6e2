import Foundation
import Testing

@testable import Demo

@Suite("Seeded traffic, providers and demo time")
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
        let clock = DemoClock(start: Date(timeIntervalSince1970: 1_800_000_000), speed: 1)
        var flaky = scenario
        flaky.signups.mailFailureProbability = 0.5
        let one = SimulatedProviders(seed: 5, scenario: flaky, clock: clock)
        let same = SimulatedProviders(seed: 5, scenario: flaky, clock: clock)
        let other = SimulatedProviders(seed: 6, scenario: flaky, clock: clock)
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
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let during = SimulatedProviders(
            seed: 1, scenario: incident, clock: DemoClock(start: start, speed: 1, origin: .now))
        #expect(during.failureProbability(.provisioning, normally: 0.02) == 1)
        #expect(during.failureProbability(.mail, normally: 0.1) == 0.1)
        // A clock that started 21 demo-minutes ago: the outage is over.
        let after = SimulatedProviders(
            seed: 1, scenario: incident,
            clock: DemoClock(start: start, speed: 1, origin: .now - .seconds(21 * 60)))
        #expect(after.failureProbability(.provisioning, normally: 0.02) == 0.02)
    }

    @Test("demo time runs `speed` times faster than real time from its start")
    func demoClock() {
        let origin = ContinuousClock.now
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = DemoClock(start: start, speed: 10, origin: origin)
        #expect(clock.date(at: origin) == start)
        #expect(clock.date(at: origin + .seconds(3)) == start.addingTimeInterval(30))
        #expect(clock.realDuration(.seconds(30)) == .seconds(3))
        #expect(DemoClock(start: start, speed: 0).speed == 1)
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
}
