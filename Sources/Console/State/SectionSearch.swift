import Foundation

/// The text search inside the run view's sections (`/`, then `n` and `N`). It belongs to the run view:
/// opening another run starts without one, and switching sections keeps it, so `n` searches the new section.
public struct SectionSearch: Sendable, Hashable {
    /// The search kept after Enter; empty when there is none.
    public internal(set) var text = ""
    /// The line of the match moved to last, per section, numbered as the lines searched (JSON: with every
    /// container open). Sections without a cursor mark it, and `n` goes on from it while it is on screen.
    public internal(set) var matchLine: [RunDetailTab: Int] = [:]
    /// Where the section stood when `/` was pressed: typing searches from there and Esc goes back to it.
    public internal(set) var origin: SectionSearchOrigin?

    /// Creates an empty search.
    public init() {}

    /// The lines of `lines` whose text contains `query`, ignoring case; none for an empty query.
    public static func matchingLines(_ lines: [String], query: String) -> [Int] {
        let needle = folded(query)
        guard !needle.isEmpty else { return [] }
        let quick = query.lowercased()
        return lines.indices.filter { index in
            // Most lines fail the quick test; the exact one matches whole characters, as highlighting does.
            guard lines[index].lowercased().contains(quick) else { return false }
            return firstOccurrence(of: needle, in: folded(lines[index]), from: 0) != nil
        }
    }

    /// Every place `query` occurs in `text`, ignoring case, as character offsets, left to right and not
    /// overlapping: what the view highlights.
    public static func occurrences(of query: String, in text: String) -> [Range<Int>] {
        let needle = folded(query)
        guard !needle.isEmpty else { return [] }
        let haystack = folded(text)
        var found: [Range<Int>] = []
        var start = 0
        while let index = firstOccurrence(of: needle, in: haystack, from: start) {
            found.append(index..<(index + needle.count))
            start = index + needle.count
        }
        return found
    }

    /// The text one lower-cased character at a time: matching whole characters keeps a match on the cells
    /// that show it, where a match inside a character (an accent's base letter) could not be highlighted.
    static func folded(_ text: String) -> [String] { text.map { $0.lowercased() } }

    /// The first index at or after `start` where `needle` begins in `haystack`.
    static func firstOccurrence(of needle: [String], in haystack: [String], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        return (start...(haystack.count - needle.count)).first { index in
            needle.indices.allSatisfy { haystack[index + $0] == needle[$0] }
        }
    }
}

/// Where a run view section stood when `/` was pressed, so Esc puts it back exactly.
public struct SectionSearchOrigin: Sendable, Hashable {
    /// The section searched.
    public var tab: RunDetailTab
    /// The section's cursor line, if it had one set.
    public var cursor: Int?
    /// The section's first visible line, if it had one set.
    public var scroll: Int?
    /// The section's folded JSON paths, if any were set.
    public var folded: Set<String>?
    /// Whether the logs were followed.
    public var followLogs: Bool
    /// The section's last match line.
    public var matchLine: Int?
    /// The search kept before, which Esc keeps.
    public var text: String
    /// The text the section last moved for while typing: a key that changes nothing (one typed past the
    /// limit) searches nothing again, so a long paste costs one search per character taken, not per key.
    public var searched = ""
}
