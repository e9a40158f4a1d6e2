/// One line of a line-based diff.
public struct DiffLine: Sendable, Hashable {
    /// Whether the line is kept, removed or added.
    public enum Kind: Sendable, Hashable {
        /// In both texts.
        case same
        /// Only in the old text.
        case removed
        /// Only in the new text.
        case added
    }

    /// Kept, removed or added.
    public var kind: Kind
    /// The line's text.
    public var text: String

    /// Creates a diff line.
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    /// The line with a `-`, `+` or space in front, as `diff -u` writes it.
    public var marked: String {
        switch kind {
        case .same: "  " + text
        case .removed: "- " + text
        case .added: "+ " + text
        }
    }
}

/// A line-based diff by longest common subsequence, for showing a state edit before it is written.
public enum LineDiff {
    /// Texts longer than this many lines (product of both) are shown as all removed then all added.
    static let maxCells = 1_000_000

    /// The lines of `old` and `new` in order, each marked kept, removed or added.
    public static func diff(old: String, new: String) -> [DiffLine] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard a.count * b.count <= maxCells else {
            return a.map { DiffLine(.removed, $0) } + b.map { DiffLine(.added, $0) }
        }
        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var result: [DiffLine] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                result.append(DiffLine(.same, a[i]))
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lengths[i][j + 1] > lengths[i + 1][j] {
                result.append(DiffLine(.added, b[j]))
                j += 1
            } else {
                result.append(DiffLine(.removed, a[i]))
                i += 1
            }
        }
        return result
    }

    /// The changed lines with `context` unchanged lines around each change; gaps become one nil.
    public static func hunks(_ lines: [DiffLine], context: Int = 2) -> [DiffLine?] {
        let changed = lines.indices.filter { lines[$0].kind != .same }
        guard !changed.isEmpty else { return [] }
        var keep = Set<Int>()
        for index in changed {
            for near in max(0, index - context)...min(lines.count - 1, index + context) { keep.insert(near) }
        }
        var result: [DiffLine?] = []
        var previous: Int?
        for index in keep.sorted() {
            if let previous, index > previous + 1 { result.append(nil) }
            if previous == nil, index > 0 { result.append(nil) }
            result.append(lines[index])
            previous = index
        }
        if let previous, previous < lines.count - 1 { result.append(nil) }
        return result
    }

    /// How many lines were removed and added.
    public static func counts(_ lines: [DiffLine]) -> (removed: Int, added: Int) {
        (lines.filter { $0.kind == .removed }.count, lines.filter { $0.kind == .added }.count)
    }
}
