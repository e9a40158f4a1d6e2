import Foundation
import Synchronization
import Testing

/// Removes the temporary folders a test made (databases, payload files, FIFOs) when the test ends, passed or
/// failed, so a full run leaves nothing in /tmp. Every suite of this target carries it: `.temporaryFolders`.
struct TemporaryFolders: SuiteTrait, TestTrait, TestScoping {
    /// The folders made so far by the running test; nil outside a test that carries the trait.
    @TaskLocal static var current: FolderList?

    /// The folders one test made.
    final class FolderList: Sendable {
        private let folders = Mutex<[URL]>([])

        func append(_ folder: URL) { folders.withLock { $0.append(folder) } }

        func removeAll() {
            for folder in folders.withLock({ $0 }) { try? FileManager.default.removeItem(at: folder) }
        }
    }

    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // The suite itself passes through: each test (and each case of a parameterized one) gets its own list.
        guard !test.isSuite else { return try await function() }
        let folders = FolderList()
        defer { folders.removeAll() }
        try await Self.$current.withValue(folders) { try await function() }
    }
}

extension Trait where Self == TemporaryFolders {
    /// Removes each test's temporary folders when it ends.
    static var temporaryFolders: Self { TemporaryFolders() }
}
