import Foundation
import JobStore

/// The failed attempts the console benchmark's seed wrote through the store's own API, each with the
/// signature the store should have stored for it: what ``JobStore/failureGroups(_:)`` must find.
struct FailureSeed: Sendable {
    /// One failed attempt.
    struct Attempt: Sendable, Hashable {
        /// Its ``FailureSignature``, worked out here by the same rule the store applies when the attempt fails.
        var signature: String
        /// Its run.
        var runId: RunID
        /// When it ended, as stored (milliseconds).
        var endedAt: Millis
    }

    /// What one signature's group holds.
    struct Count: Sendable, Hashable {
        /// Failed attempts.
        var failures: Int
        /// Distinct runs they belong to.
        var runs: Int
    }

    /// The runs written through the store.
    var runs = 0
    /// Their failed attempts, in the order written.
    var attempts: [Attempt] = []
    /// How long writing them took.
    var duration: Duration = .zero

    /// The groups of the attempts that ended at or after `since`, by signature.
    func expectedGroups(since: Date) -> [String: Count] {
        let since = since.millis
        var failures: [String: Int] = [:]
        var runs: [String: Set<RunID>] = [:]
        for attempt in attempts where attempt.endedAt >= since {
            failures[attempt.signature, default: 0] += 1
            runs[attempt.signature, default: []].insert(attempt.runId)
        }
        return failures.reduce(into: [:]) { groups, entry in
            groups[entry.key] = Count(failures: entry.value, runs: runs[entry.key]?.count ?? 0)
        }
    }
}

/// Why the seed could not write a run through the store as the mix describes it.
struct FailureSeedError: Error, CustomStringConvertible {
    /// What went wrong, naming the run.
    let description: String

    init(_ description: String) { self.description = description }
}

/// Lets the seed's lanes (one per job) claim concurrently without one lane's claim promoting another lane's
/// retry before the time that lane claims it at.
///
/// A claim first moves every due `scheduled` run of the file to `queued`, whatever its queue and job, at the
/// claim's own time. Lanes are apart in time, so a lane further on would promote a retry of a lane behind it
/// at its own, later, time, and that run's next attempt would then start before it was queued. The gate holds
/// a claim at `t` while another lane has a retry due before `t` (the claim would promote it early), and a
/// retry due at `r` while another lane's claim later than `r` is on its way (same). The lane with the
/// earliest retry can always claim, so every lane gets through.
actor ClaimGate {
    private struct Waiter {
        var lane: Int
        var claims: Bool
        var at: Millis
        var continuation: CheckedContinuation<Void, Never>
    }

    /// Per lane, when its run's retry is due, from before it is scheduled until it is claimed again.
    private var due: [Int: Millis] = [:]
    /// Per lane, the time of its claim on its way to the store.
    private var claiming: [Int: Millis] = [:]
    private var waiting: [Waiter] = []

    /// Waits until `lane` may claim at `time`, then counts the claim as on its way; call ``claimed(lane:)``
    /// when it returned.
    func claim(lane: Int, at time: Millis) async {
        await withCheckedContinuation { continuation in
            waiting.append(Waiter(lane: lane, claims: true, at: time, continuation: continuation))
            admit()
        }
    }

    /// The claim of `lane` returned: its run is no longer scheduled, and its claim no longer on its way.
    func claimed(lane: Int) {
        due[lane] = nil
        claiming[lane] = nil
        admit()
    }

    /// Waits until `lane` may schedule its run's retry at `time`, then counts it as due until the lane's next
    /// claim returns.
    func schedule(lane: Int, at time: Millis) async {
        await withCheckedContinuation { continuation in
            waiting.append(Waiter(lane: lane, claims: false, at: time, continuation: continuation))
            admit()
        }
    }

    /// `lane` is done (or failed): it holds nothing back any more.
    func leave(lane: Int) {
        due[lane] = nil
        claiming[lane] = nil
        admit()
    }

    /// Lets through every waiter that may go now, counting each as it goes.
    private func admit() {
        var index = 0
        while index < waiting.count {
            let waiter = waiting[index]
            let blocked =
                waiter.claims
                ? due.contains { $0.key != waiter.lane && $0.value < waiter.at }
                : claiming.contains { $0.key != waiter.lane && $0.value > waiter.at }
            if blocked {
                index += 1
                continue
            }
            waiting.remove(at: index)
            if waiter.claims { claiming[waiter.lane] = waiter.at } else { due[waiter.lane] = waiter.at }
            // Counting it can only hold back more: the waiters passed over stay held back.
            waiter.continuation.resume()
        }
    }
}
