    @Test("six runs contending for a lock never both hold it, and each is refused while another holds it")
    func lockExclusion() async throws {
        let engine = try TestEngine()
        let holders = Mutex((current: 0, peak: 0, entered: 0))
        let refused = Mutex(Set<String>())
        engine.stackshift.job("rebuild-index") { (ctx: JobContext<Item>) in
            // A hang guard only (the runs take milliseconds): generous, since a loaded machine may be slow.
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                do {
                    try await ctx.state.withLock("search-index", ttl: .seconds(300)) {
                        let first = holders.withLock {
                            $0.current += 1
                            $0.peak = max($0.peak, $0.current)
                            $0.entered += 1
                            return $0.entered == 1
                        }
                        // The first holder keeps the lock until every other run was refused it: contention is
                        // certain, not a matter of how the machine schedules the runs.
                        while first && refused.withLock({ $0.count }) < 5 {
                            guard ContinuousClock.now < deadline else {
                                throw JobError("only \(refused.withLock { $0.count }) of 5 runs were refused the lock")
                            }
                            try await Task.sleep(for: .milliseconds(1))
                        }
                        holders.withLock { $0.current -= 1 }
                    }
                    return
                } catch is LockUnavailable {
                    refused.withLock { _ = $0.insert(ctx.payload.id) }
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            throw JobError("run \(ctx.payload.id) could not take the lock within 120 s")
        }
        var ids: [RunID] = []
        for index in 0..<6 {
            ids.append(try await engine.stackshift.start("rebuild-index", payload: Item(id: "\(index)")).id)
        }
        let finished = try await engine.withWorker(concurrency: 6) {
            var runs: [RunRecord] = []
            for id in ids { runs.append(try await engine.stackshift.waitForRun(id, timeout: .seconds(150))) }
            return runs
        }
        #expect(finished.allSatisfy { $0.status == .completed })
        #expect(holders.withLock { $0.peak } == 1)
        #expect(holders.withLock { $0.entered } == 6)
        #expect(refused.withLock { $0.count } == 5, "every run but the first was refused at least once")
    }
