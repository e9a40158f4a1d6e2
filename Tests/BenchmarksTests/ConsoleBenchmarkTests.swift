import Foundation
import JobStore
import SQLiteJobStore
import Testing

@testable import Benchmarks

@Suite("Console benchmark")
struct ConsoleBenchmarkTests {
    @Test("frames: p50, p99 and changed cells at both sizes, most frames changing the screen")
    func frames() {
        let measurements = ConsoleBenchmark.measureFrames(framesPerView: 8)
        #expect(
            measurements.map(\.name) == [
                "frame p50 at 80×24", "frame p99 at 80×24", "cells changed per frame p50 at 80×24",
                "frame p50 at 200×60", "frame p99 at 200×60", "cells changed per frame p50 at 200×60",
            ])
        #expect(measurements.allSatisfy { $0.group == "console" && $0.value.isFinite && $0.value > 0 })
        #expect(measurements.filter { $0.target != nil }.map(\.name) == ["frame p99 at 200×60"])
        #expect(measurements[4].target == "≤ 8.00 ms")

        let sample = ConsoleBenchmark.frameSample(width: 80, height: 24, framesPerView: 8)
        #expect(sample.latency.count == 24 && sample.changedCells.count == 24)
        // A tick within the same second changes nothing on screen, as in the real console; most frames do.
        #expect(sample.changedCells.filter { $0 > 0 }.count > sample.changedCells.count / 2)
    }

    @Test("the sample data moves on: runs arrive, start and finish; the open run logs")
    func sampleDataAdvances() {
        var data = ConsoleSampleData(now: Date(timeIntervalSince1970: 1_741_953_600))
        let before = data.runs
        let logs = data.detail.logs.count
        #expect(before.count == ConsoleSampleData.pageSize && before.contains { $0.id == data.detail.run.id })
        #expect(Set(before.map(\.status)) == Set(RunStatus.allCases), "every status on the page")
        data.advance()
        data.advance()
        #expect(data.runs.count == before.count && data.runs[0].id != before[0].id)
        #expect(data.detail.logs.count == logs + 2)
        #expect(data.queueSummaries.count == BenchmarkRunMix.queues.count)
    }

    @Test("the run mix: ascending ids, repeatable, every status, each with what its status needs")
    func runMix() {
        let now = Date(timeIntervalSince1970: 1_741_953_600)
        let mix = BenchmarkRunMix(now: now, count: 200_000)
        let runs = mix.runs(190_000..<200_000)
        #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.id < $1.id })
        #expect(mix.run(123) == BenchmarkRunMix(now: now, count: 200_000).run(123))
        #expect(Set(runs.map(\.status)) == Set(RunStatus.allCases))
        #expect(Set(runs.map(\.queue)).count == 8 && Set(runs.map(\.job)).count == 10)
        #expect(runs.filter { $0.status == .running }.allSatisfy { $0.leaseOwner != nil && $0.attempt == 1 })
        #expect(runs.filter { $0.status == .waiting }.allSatisfy { $0.wait != nil && $0.runAt == $0.wait?.until })
        #expect(runs.filter(\.status.isTerminal).allSatisfy { $0.finishedAt != nil })
        #expect(runs.allSatisfy { $0.createdAt <= now })
        let completed = runs.filter { $0.status == .completed }.count
        #expect(completed > runs.count * 8 / 10, "most runs completed")
        let failing = runs.filter { $0.failures > 0 }
        #expect(
            failing.allSatisfy { $0.error != nil } && runs.filter { $0.failures == 0 }.allSatisfy { $0.error == nil })
        let signatures = Set(
            failing.compactMap { run in run.error.map { FailureSignature.of(job: run.job, error: $0) } })
        #expect(signatures.count > 40, "27 common causes and a long tail, not one error for every job")
    }

    @Test("failure modes: each cause is one signature whatever its ids and numbers; 27 causes and an outage")
    func failureModes() {
        var random = SplitMix64(seed: 7)
        var all: Set<String> = []
        for (job, modes) in BenchmarkRunMix.failureModes {
            for mode in modes + [BenchmarkRunMix.outage] {
                let messages = (0..<20).map { _ in BenchmarkRunMix.fill(mode.template, &random) }
                #expect(Set(messages).count > 1, "\(mode.template) varies")
                let signatures = Set(
                    messages.map {
                        FailureSignature.of(
                            job: job, error: ErrorDetail(type: mode.type, message: $0, location: mode.location))
                    })
                #expect(signatures.count == 1, "\(mode.template): \(signatures)")
                if job == "deliverWebhook" || mode != BenchmarkRunMix.outage { all.formUnion(signatures) }
            }
        }
        #expect(all.count == 27 + 1)
    }

    @Test("failure grouping: the store groups the seeded failures as seeded, and the measurement checks it")
    func failureGroups() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("runs.sqlite").path
        let now = Date()
        let (_, seed) = try await ConsoleBenchmark.seedDatabase(path: path, runs: 3000, now: now) { _ in }

        // What the mix says failed, grouped here by the signature rule: the store must find exactly that.
        let failing = BenchmarkRunMix(now: now, count: 3000).runs(0..<3000).filter { $0.failures > 0 }
        var expected: [String: FailureSeed.Count] = [:]
        for run in failing {
            let signature = FailureSignature.of(job: run.job, error: try #require(run.error))
            let count = expected[signature] ?? FailureSeed.Count(failures: 0, runs: 0)
            expected[signature] = FailureSeed.Count(failures: count.failures + run.failures, runs: count.runs + 1)
        }
        #expect(seed.runs == failing.count && seed.attempts.count == failing.reduce(0) { $0 + $1.failures })
        #expect(seed.expectedGroups(since: now.addingTimeInterval(-86_400)) == expected)
        #expect(expected.count > 20 && failing.count > 100)

        let store = try SQLiteJobStore(path: path, options: .init(createIfMissing: false))
        #expect(try await store.listRuns(RunQuery(limit: 5000)).count == 3000)
        let groups = try await store.failureGroups(
            FailureGroupQuery(since: now.addingTimeInterval(-86_400), now: now, limit: 1000))
        // Written by concurrent lanes, each run still reads as one worker's tries: its attempts, and a
        // timeline whose times never go back (no lane's claim promoted another's retry early).
        for run in failing {
            let detail = try #require(try await store.runDetail(RunDetailParams(runId: run.id, logLimit: 0)))
            #expect(detail.run.status == run.status && detail.run.failures == run.failures)
            #expect(detail.attempts.count == run.attempt)
            let times = detail.timeline.sorted { $0.sequence < $1.sequence }.map(\.at)
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "\(run.id): \(detail.timeline)")
        }
        try await store.close()
        let found = Dictionary(
            uniqueKeysWithValues: groups.map { ($0.signature, FailureSeed.Count(failures: $0.failures, runs: $0.runs)) }
        )
        #expect(found == expected)
        #expect(
            groups.allSatisfy { $0.signature.hasPrefix($0.job + " · ") && $0.buckets.reduce(0, +) == $0.failures })

        let measurements = try await ConsoleBenchmark.measureFailureGroups(
            path: path, runs: 3000, now: now, seed: seed, repetitions: 2)
        #expect(
            measurements.map(\.name) == [
                "failure groups, last 24 h p50 at 3,000 runs", "failure groups, last 24 h p95 at 3,000 runs",
                "failure groups, last hour p50 at 3,000 runs", "failure groups, last hour p95 at 3,000 runs",
                "failure group of one signature (why), 24 h p50 at 3,000 runs",
                "failure group of one signature (why), 24 h p95 at 3,000 runs",
            ])
        #expect(measurements.allSatisfy { $0.value.isFinite && $0.value >= 0 && $0.target == "≤ 250 ms" })
        #expect(measurements[0].detail?.contains("\(min(50, expected.count)) of \(expected.count) groups") == true)
        #expect(measurements[4].detail?.contains("1 of 1 groups") == true)

        // A seed the store disagrees with is an error, not a number: here, the largest group was never seeded.
        let largest = try #require(groups.max { $0.failures < $1.failures })
        var wrong = seed
        wrong.attempts.removeAll { $0.signature == largest.signature }
        await #expect(throws: FailureSeedError.self) {
            _ = try await ConsoleBenchmark.measureFailureGroups(
                path: path, runs: 3000, now: now, seed: wrong, repetitions: 1)
        }
    }

    @Test("refresh: the console's Queues and Runs loads on a seeded file, p50 and p99 each, held to 20 ms")
    func refresh() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("runs.sqlite").path
        let now = Date()
        _ = try await ConsoleBenchmark.seedDatabase(path: path, runs: 3000, now: now) { _ in }

        let store = try SQLiteJobStore(path: path, options: .init(createIfMissing: false))
        #expect(try await store.listRuns(RunQuery(limit: 5000)).count == 3000)
        try await store.close()

        let measurements = try await ConsoleBenchmark.measureRefresh(path: path, runs: 3000, now: now, repetitions: 3)
        #expect(
            measurements.map(\.name) == [
                "Overview refresh (4 panels) p50 at 3,000 runs", "Overview refresh (4 panels) p99 at 3,000 runs",
                "Overview: throughput and latency panels p50 at 3,000 runs",
                "Overview: throughput and latency panels p99 at 3,000 runs",
                "Overview: attention panel p50 at 3,000 runs", "Overview: attention panel p99 at 3,000 runs",
                "Queues refresh p50 at 3,000 runs", "Queues refresh p99 at 3,000 runs",
                "Runs refresh p50 at 3,000 runs", "Runs refresh p99 at 3,000 runs",
                "Runs refresh (failed only) p50 at 3,000 runs", "Runs refresh (failed only) p99 at 3,000 runs",
            ])
        #expect(measurements.allSatisfy { $0.value.isFinite && $0.value >= 0 && $0.target == "≤ 20.0 ms" })
        #expect(measurements[8].detail?.contains("500 rows") == true, "the Runs view asks for a page of 500")
        #expect(measurements[6].detail?.contains("8 rows") == true, "one row per queue")
        // The seed's last hour has runs: the chart's buckets are read from the per-minute counts.
        let activityRows = try #require(measurements[2].detail)
        #expect(!activityRows.contains(" 0 rows"), "\(activityRows)")
    }

    @Test("the refreshes are the loads the console's reducer asks for")
    func refreshEffects() {
        let now = Date(timeIntervalSince1970: 1_741_953_600)
        let refreshes = ConsoleBenchmark.refreshes(now: now)
        let hour = RunActivityQuery(since: now.addingTimeInterval(-3540), now: now, bucketSeconds: 60)
        #expect(
            refreshes.map(\.effect) == [
                .loadOverview(hour), .loadOverview(hour), .loadOverview(hour),
                .loadQueues(finishedSince: now.addingTimeInterval(-3600)), .loadRuns(RunQuery(limit: 500)),
                .loadRuns(RunQuery(statuses: [.failed], limit: 500)),
            ])
        #expect(refreshes.map(\.panel) == [nil, .activity, .attention, nil, nil, nil])
    }

    @Test("memory: without an executable the part is skipped with a reason; VmHWM is read in kB")
    func memorySkipsWithoutExecutable() async {
        let result = await ConsoleBenchmark.measureMemory(executable: nil, database: "/nonexistent", runs: 10)
        guard case .failure(let reason) = result else {
            Issue.record("expected a skip")
            return
        }
        #expect(reason.description.contains("console peak memory"))
        #expect(
            ConsoleBenchmark.highWaterMark("Name:\tstackshift\nVmPeak:\t  99999 kB\nVmHWM:\t   51234 kB\n") == 51234)
        #expect(ConsoleBenchmark.highWaterMark("Name:\tstackshift\n") == nil)
    }

    @Test("run: every part at a small size, the database removed afterwards")
    func wholeRun() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (measurements, skipped) = try await ConsoleBenchmark.run(
            directory: directory, runs: 2000, executable: nil, framesPerView: 4
        ) { _ in }
        #expect(measurements.count == 26, "6 load, 2 seed, 12 refresh and 6 failure-grouping measurements")
        #expect(measurements.filter { $0.name.hasPrefix("Overview") }.count == 6)
        #expect(measurements.contains { $0.name == "seeding 2,000 runs" && $0.unit == "s" })
        #expect(
            measurements.contains {
                $0.name.hasPrefix("of which ") && $0.name.hasSuffix(" failing runs through the store")
            })
        #expect(measurements.filter { $0.name.hasPrefix("failure group") }.count == 6)
        #expect(skipped.count == 1 && skipped[0].contains("no stackshift executable"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
