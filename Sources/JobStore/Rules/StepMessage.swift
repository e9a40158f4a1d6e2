import Foundation

/// A step's timeline message around its failure count: `head`, then the count and `tail` when there is a tail.
public struct StepMessage: Sendable, Hashable {
    /// The text before the count, or the whole message when ``tail`` is nil.
    public var head: String
    /// The text after the count; nil when the message names no count.
    public var tail: String?

    /// Creates a message.
    public init(head: String, tail: String?) {
        self.head = head
        self.tail = tail
    }

    /// The message for a step that has failed `failures` times.
    public func text(failures: Int) -> String {
        guard let tail else { return head }
        return "\(head)\(failures)\(tail)"
    }
}
