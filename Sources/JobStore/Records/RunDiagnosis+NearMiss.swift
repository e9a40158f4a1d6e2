extension RunDiagnosis.NearMiss {
    /// How `actual` nearly matches the key `expected`: `"case"`, `"whitespace"`, `"one character"`, or nil
    /// when it is the same key or not close.
    ///
    /// These are the mistakes that strand a wait in practice: a key upper-cased by another system, a key
    /// with a trailing newline from a form, a typo or an off-by-one id.
    public static func difference(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        if expected.lowercased() == actual.lowercased() { return "case" }
        let trimmed = actual.trimmingWhitespace()
        if trimmed == expected.trimmingWhitespace() { return "whitespace" }
        if trimmed.lowercased() == expected.trimmingWhitespace().lowercased() { return "case and whitespace" }
        if isOneEditApart(Array(expected), Array(actual)) { return "one character" }
        return nil
    }

    /// Whether one insertion, deletion or substitution turns `a` into `b`.
    private static func isOneEditApart(_ a: [Character], _ b: [Character]) -> Bool {
        guard abs(a.count - b.count) <= 1 else { return false }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        var i = 0
        var j = 0
        var edits = 0
        while i < short.count && j < long.count {
            if short[i] == long[j] {
                i += 1
                j += 1
                continue
            }
            edits += 1
            if edits > 1 { return false }
            if short.count == long.count { i += 1 }
            j += 1
        }
        return edits + (long.count - j) + (short.count - i) <= 1
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
