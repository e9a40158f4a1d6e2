extension Int64 {
    /// The quotient rounded toward negative infinity (Swift's `/` rounds toward zero): the minute or bucket
    /// that holds an instant before 1970 is the one that starts before it.
    package func flooredQuotient(dividingBy divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? quotient - 1 : quotient
    }
}
