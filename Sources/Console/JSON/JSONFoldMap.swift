/// How the lines of a JSON section with every container open correspond to the lines shown with some folded.
///
/// A search looks through every line, folded or not, so a match inside a folded container is found and its
/// container opened; the cursor lives in the lines shown. This map goes between the two.
struct JSONFoldMap {
    /// For each line of the open JSON, its index among the lines shown; nil when a folded container hides it.
    let shownIndex: [Int?]
    /// For each line of the open JSON, the path of the outermost folded container hiding it; nil when shown.
    let hiddenBy: [String?]
    /// For each line shown, its index in the open JSON.
    let openIndex: [Int]

    /// The map for `open` (the lines of ``JSONLines/lines(for:folded:)`` with nothing folded) with `folded`
    /// folded. A folded container shows as its opening line, and hides every line after it up to and including
    /// its closing line: the first line after it at its own depth.
    init(open: [JSONLine], folded: Set<String>) {
        var shownIndex = [Int?](repeating: nil, count: open.count)
        var hiddenBy = [String?](repeating: nil, count: open.count)
        var openIndex: [Int] = []
        var index = 0
        while index < open.count {
            shownIndex[index] = openIndex.count
            openIndex.append(index)
            let line = open[index]
            index += 1
            guard let path = line.foldPath, folded.contains(path) else { continue }
            while index < open.count {
                hiddenBy[index] = path
                let closes = open[index].depth == line.depth
                index += 1
                if closes { break }
            }
        }
        self.shownIndex = shownIndex
        self.hiddenBy = hiddenBy
        self.openIndex = openIndex
    }

    /// The folds left once every container hiding line `index` of `open` is opened, and the line's index
    /// among the lines then shown.
    static func reveal(_ index: Int, in open: [JSONLine], folded: Set<String>) -> (folded: Set<String>, shown: Int) {
        var folds = folded
        // Each pass opens the outermost container still hiding the line: at most one pass per level of nesting.
        while true {
            let map = JSONFoldMap(open: open, folded: folds)
            guard open.indices.contains(index) else { return (folds, 0) }
            if let shown = map.shownIndex[index] { return (folds, shown) }
            guard let path = map.hiddenBy[index] else { return (folds, 0) }
            folds.remove(path)
        }
    }
}
