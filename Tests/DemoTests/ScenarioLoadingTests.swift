import Foundation
import JobStore
import Testing
import YAMLFiles

@testable import Demo

@Suite("Scenario files")
struct ScenarioLoadingTests {
    @Test("the shipped scenarios load, with the incident's faults where it says")
    func shippedScenarios() throws {
        let onboarding = try Scenario.load(path: DemoFiles.path("onboarding.yaml"))
        #expect(onboarding.name == "Onboarding")
        #expect(onboarding.faults.isEmpty)
        #expect(onboarding.signups.mailFailureProbability == 0.1)
        #expect(onboarding.payments.webhookDelay == DelayRange(min: .seconds(5), max: .seconds(90)))

        let incident = try Scenario.load(path: DemoFiles.path("incident.yaml"))
        #expect(incident.faults.pausedQueue == .emails)
        #expect(incident.faults.wrongKeyWebhook?.runs == 1)
        #expect(incident.faults.flakyProvider?.provider == .provisioning)
        #expect(incident.faults.flakyProvider?.lasts == .minutes(20))
        #expect(incident.faults.crashedWorker?.runs == 3)
        #expect(incident.faults.crashedWorker?.workerId == "ip-10-0-3-17:4812:w_7f3a")
        #expect(incident.faults.lockHeldByCrashedRun?.ttl == .hours(2))
    }

    @Test(
        "each built-in scenario is its file in demo/, byte for byte, and loads like it",
        arguments: BuiltinScenario.allCases)
    func builtinIsTheFile(builtin: BuiltinScenario) throws {
        let path = DemoFiles.path("\(builtin.name).yaml")
        // Bytes, not decoded text: a changed line ending or a lost final newline is drift too.
        #expect(
            Data(builtin.yaml.utf8) == (try Data(contentsOf: URL(fileURLWithPath: path))),
            "the built-in \(builtin.name) differs from \(builtin.checkoutPath): copy the file into BuiltinScenario+*.swift"
        )
        #expect(try builtin.load() == (try Scenario.load(path: path)))
        #expect(builtin.checkoutPath == "demo/\(builtin.name).yaml")
        #expect(!builtin.summary.isEmpty && !builtin.summary.contains("\n"))
    }

    @Test("a scenario value is a file when one is there, else a built-in name, else one line naming both")
    func scenarioSources() throws {
        let files: Set<String> = ["demo/incident.yaml", "incident", "/tmp/mine.yaml"]
        let resolve = { (value: String) in try ScenarioSource.resolve(value) { files.contains($0) } }
        #expect(try resolve("demo/incident.yaml") == .file("demo/incident.yaml"))
        #expect(try resolve("/tmp/mine.yaml") == .file("/tmp/mine.yaml"))
        #expect(try resolve("incident") == .file("incident"), "a file by that name in the folder is the one named")
        #expect(try resolve("onboarding") == .builtin(.onboarding))
        #expect(try resolve("onboarding.yaml") == .builtin(.onboarding))
        #expect(try ScenarioSource.resolve("incident") { _ in false } == .builtin(.incident))

        let missingFile = try #require(throws: DemoOptionError.self) { try resolve("demo/nope.yaml") }
        #expect(
            missingFile.description
                == "no scenario file demo/nope.yaml: the built-in scenarios are onboarding, incident; "
                + "or give the path of a scenario file")
        // A folder in the value makes it a path, even with a built-in's file name at its end.
        let elsewhere = try #require(throws: DemoOptionError.self) { try resolve("other/onboarding.yaml") }
        #expect(elsewhere.description.hasPrefix("no scenario file other/onboarding.yaml: "))
        let unknown = try #require(throws: DemoOptionError.self) { try resolve("nope\u{1B}[31m") }
        #expect(unknown.description.hasPrefix("no scenario named nope\\u{1B}[31m: the built-in scenarios are "))
        #expect(!unknown.description.contains("\u{1B}"), "control characters from the command line are escaped")
    }

    @Test(
        "a bad field is an error naming the file, the line and the field",
        arguments: [
            ("name: x\nspeeed: 10\n", 2, "speeed", "unknown field"),
            ("name: x\nfaults:\n  crashedWorker:\n    runz: 3\n", 4, "faults.crashedWorker.runz", "unknown field"),
            (
                "signups:\n  perMinute: 3\n  mailFailureProbability: 1.5\n", 3, "signups.mailFailureProbability",
                "between 0 and 1"
            ),
            ("payments:\n  perMinute: lots\n", 2, "payments.perMinute", "expected a number"),
            ("payments:\n  webhookDelay: {min: 5s, max: 90}\n", 2, "payments.webhookDelay.max", "not a duration"),
            ("payments:\n  webhookDelay: {min: 5m, max: 90s}\n", 2, "payments.webhookDelay.max", "shorter than min"),
            ("faults:\n  pausedQueue: email\n", 2, "faults.pausedQueue", "emails, payments, imports, maintenance"),
            ("faults:\n  flakyProvider:\n    provider: stripe\n", 3, "faults.flakyProvider.provider", "mail"),
            ("speed: 0\n", 1, "speed", "from 0.01 to 10000"),
            ("uploads: 3\n", 1, "uploads", "a mapping of fields"),
            ("concurrency:\n  emails: 0\n", 2, "concurrency.emails", "from 1 to 100"),
            (
                "faults:\n  pausedQueue: imports\n  crashedWorker: {runs: 2}\n", 2, "faults.pausedQueue",
                "cannot pause imports"
            ),
        ] as [(String, Int, String, String)])
    func badField(yaml: String, line: Int, field: String, message: String) throws {
        let error = try #require(throws: YAMLFileError.self) { try Scenario.decode(yaml: yaml, file: "demo/bad.yaml") }
        #expect(error.file == "demo/bad.yaml")
        #expect(error.line == line)
        #expect(error.field == field)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.description.hasPrefix("demo/bad.yaml:\(line):"))
        #expect(error.description.contains("\(field): "))
    }

    @Test("an error in a file on disk names that file")
    func fileOnDisk() throws {
        let database = try TemporaryDatabase()
        let path = try database.write(
            "name: Mine\nsignups:\n  perMinute: 12\n  resendProbabilty: 0.2\n", to: "mine.yaml")
        let error = try #require(throws: YAMLFileError.self) { try Scenario.load(path: path) }
        #expect(error.description.hasPrefix("\(path):4:3: signups.resendProbabilty: unknown field"))
        #expect(error.message.contains("resendProbability"))

        let missing = try #require(throws: YAMLFileError.self) { try Scenario.load(path: path + ".gone") }
        #expect(missing.file == path + ".gone")
        #expect(missing.line == nil)
    }

    @Test("YAML that does not parse names the line the parser stopped at")
    func syntaxError() throws {
        let error = try #require(throws: YAMLFileError.self) {
            try Scenario.decode(yaml: "name: ok\nsignups:\n  perMinute: [12\nseed: 3\n", file: "broken.yaml")
        }
        #expect(error.line != nil)
        #expect(error.message.hasPrefix("not valid YAML"))
    }

    @Test("durations read as a number and a unit, with the shared parser's range")
    func durations() {
        #expect(DemoDuration.parse("500ms") == .success(.seconds(0.5)))
        #expect(DemoDuration.parse("90s") == .success(.seconds(90)))
        #expect(DemoDuration.parse("1.5m") == .success(.seconds(90)))
        #expect(DemoDuration.parse("24h") == .success(.hours(24)))
        #expect(DemoDuration.parse("2d") == .success(.hours(48)))
        #expect(DemoDuration.parse("0") == .success(.seconds(0)))
        for bad in ["90", "-5s", "fast", "s", "5 minutes", "+5s", "nan", "inf", "1e300", "99999999999999999999d"] {
            #expect((try? DemoDuration.parse(bad).get()) == nil, "\(bad)")
        }
        #expect(DemoDuration.hours(24).description == "1d")
        #expect(DemoDuration.seconds(90).description == "90s")
        #expect(DemoDuration.seconds(2028.6).description == "33m49s")
        #expect(DemoDuration.seconds(12.3).description == "12.3s")
        #expect(DemoDuration.seconds(.infinity).duration == .seconds(DurationLimits.longest), "clamped, not a trap")
        #expect(DemoDuration.seconds(.nan).duration == .zero)
    }

    @Test(
        "hostile numbers in a scenario are refused at their line, never a trap",
        arguments: [
            ("payments:\n  webhookDelay: 99999999999999999999d\n", "payments.webhookDelay", "out of range"),
            ("payments:\n  webhookDelay: nan\n", "payments.webhookDelay", "is not a duration"),
            ("speed: 1.0e-300\n", "speed", "from 0.01 to 10000"),
            ("speed: .nan\n", "speed", "from 0.01 to 10000"),
            ("workScale: 1.0e+300\n", "workScale", "from 0 to 1000000"),
            ("signups:\n  perMinute: .inf\n", "signups.perMinute", "from 0 to 1000000"),
        ] as [(String, String, String)])
    func hostileNumbers(yaml: String, field: String, message: String) throws {
        let error = try #require(throws: YAMLFileError.self) { try Scenario.decode(yaml: yaml, file: "bad.yaml") }
        #expect(error.field == field)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("a --speed override out of range names the option, not the scenario file")
    func speedOverride() throws {
        for speed in [0, 1e-300, .nan, .infinity, 10_001] {
            let options = DemoOptions(scenarioPath: DemoFiles.path("onboarding.yaml"), speed: speed)
            let error = try #require(throws: DemoOptionError.self) { try options.resolvedScenario() }
            #expect(error.description.hasPrefix("--speed "))
            #expect(error.description.hasSuffix("is out of range: the speed must be from 0.01 to 10000"))
        }
    }
}
