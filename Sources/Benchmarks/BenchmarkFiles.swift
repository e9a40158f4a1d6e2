import Foundation

/// Fresh database files for one benchmark run, removed (with their WAL and shared-memory files) afterwards.
struct BenchmarkFiles {
    let directory: URL
    private(set) var paths: [String] = []

    /// Files go in `directory`, which is created if needed.
    init(directory: URL) {
        self.directory = directory
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The path of a new file named after `label`, not existing yet.
    mutating func next(_ label: String) -> String {
        let path = directory.appendingPathComponent("bench-\(label)-\(UUID().uuidString.prefix(8)).sqlite").path
        paths.append(path)
        return path
    }

    /// Deletes every file handed out.
    func removeAll() {
        for path in paths {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
}
