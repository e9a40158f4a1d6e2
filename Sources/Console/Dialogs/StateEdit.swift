import Foundation
import JobStore

/// A state value handed to `$EDITOR`: what was read, and the text the editor opens with.
public struct StateEditRequest: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The version the edit is based on; the write succeeds only if the value is still at it.
    public var version: Int64
    /// The value as stored when the edit began.
    public var originalJSON: String
    /// The text the editor opens: the value pretty-printed, or the last attempt when editing again.
    public var text: String
    /// The value's expiry, kept by the write.
    public var expiresAt: Date?

    /// Creates an edit request.
    public init(key: String, version: Int64, originalJSON: String, text: String, expiresAt: Date?) {
        self.key = key
        self.version = version
        self.originalJSON = originalJSON
        self.text = text
        self.expiresAt = expiresAt
    }
}

/// How `$EDITOR` ended.
public enum EditorOutcome: Sendable, Hashable {
    /// The editor exited normally; the file's text.
    case saved(String)
    /// The editor could not run or exited with an error.
    case failed(String)
}

/// A compare-and-set write of a state value.
public struct StateWrite: Sendable, Hashable {
    /// Why the value is written: the answer to a conflict differs.
    public enum Purpose: Sendable, Hashable {
        /// A new value from `$EDITOR`: a conflict shows the new value and asks again.
        case edit
        /// A new expiry for the same value: a conflict refuses, since the value it would write is stale.
        case ttl
    }

    /// The key.
    public var key: String
    /// The value to write.
    public var valueJSON: String
    /// The version the value must still be at (0: it must not exist).
    public var expectedVersion: Int64
    /// The expiry to write; nil keeps the value forever.
    public var expiresAt: Date?
    /// Edit or TTL.
    public var purpose: Purpose

    /// Creates a write.
    public init(key: String, valueJSON: String, expectedVersion: Int64, expiresAt: Date?, purpose: Purpose) {
        self.key = key
        self.valueJSON = valueJSON
        self.expectedVersion = expectedVersion
        self.expiresAt = expiresAt
        self.purpose = purpose
    }
}
