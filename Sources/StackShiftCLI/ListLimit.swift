import ArgumentParser

/// `--limit` on a listing: how many rows to read, checked before anything is opened so a typo neither shows
/// nothing (`0`) nor makes the store read every row it has (`1000000000`).
enum ListLimit {
    /// The allowed values: at least one row, at most as many as a bulk action selects.
    static let range = 1...10_000

    /// Refuses a limit outside ``range`` in one line that names the option and the range.
    static func validate(_ limit: Int) throws {
        guard range.contains(limit) else {
            throw ValidationError(
                "--limit \(limit) is out of range: show from \(range.lowerBound) to \(range.upperBound) rows")
        }
    }
}
