import JobStore

extension Array where Element == RunCount {
    /// Runs in `status` across every job and queue: what the benchmarks' drain checks add up.
    func total(_ status: RunStatus) -> Int {
        lazy.filter { $0.status == status }.reduce(0) { $0 + $1.count }
    }
}
