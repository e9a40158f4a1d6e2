extension Int {
    /// The nearest `Int` to `value`, without trapping: `nan` is 0, and values beyond the range (`inf`, `1e300`)
    /// are `Int.max` or `Int.min`. For numbers read from stored data or user input before they are shown or
    /// used as sizes.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if let exact = Int(exactly: value.rounded(.towardZero)) {
            self = exact
        } else {
            self = value < 0 ? .min : .max
        }
    }
}

extension Int64 {
    /// The nearest `Int64` to `value`, without trapping: `nan` is 0, and values beyond the range are
    /// `Int64.max` or `Int64.min` (see ``Swift/Int/init(saturating:)``).
    public init(saturating value: Double) {
        self = Int64(Int(saturating: value))
    }
}
