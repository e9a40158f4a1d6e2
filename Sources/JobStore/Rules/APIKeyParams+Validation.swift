import Foundation

// The rules every driver applies to API keys and rejected webhooks before touching the database, so both give
// the same answer to the same input: SQLite would store a NUL or a megabyte-long name that PostgreSQL refuses.

extension APIKeyRecord {
    /// The most characters in a key's name: it is typed on command lines and shown in tables.
    public static let nameLimit = 100

    /// Why `name` cannot name a key; nil when it can. A name is 1 to ``nameLimit`` printable characters
    /// without whitespace, so it reads the same in a table, a log line and `stackshift keys revoke NAME`.
    public static func nameProblem(_ name: String) -> String? {
        guard !name.isEmpty else { return "an API key needs a name" }
        guard name.count <= nameLimit else {
            return "an API key's name is at most \(nameLimit) characters, not \(name.count): use a shorter name"
        }
        // The name is not quoted back: it may hold the very characters that would garble a terminal.
        if let scalar = name.unicodeScalars.first(where: { !isVisible($0) }) {
            return "an API key's name cannot contain whitespace, control or invisible characters (it has "
                + "\(codePoint(scalar))): use letters, digits and punctuation such as - or _"
        }
        return nil
    }

    /// Why `value` cannot be a key's lookup id, salt or hash (named `field`); nil when it can. These are
    /// generated ids and hex, so anything but visible characters within ``InputLimit/key`` is a mistake.
    public static func tokenPartProblem(_ value: String, field: String) -> String? {
        guard !value.isEmpty else { return "an API key's \(field) cannot be empty" }
        if let problem = InputLimit.key.problem(value, field: "API key's \(field)") { return problem }
        if let scalar = value.unicodeScalars.first(where: { !isVisible($0) }) {
            return "an API key's \(field) cannot contain whitespace, control or invisible characters (it has "
                + "\(codePoint(scalar)))"
        }
        return nil
    }

    /// Whether some stored key could have this lookup id. A lookup comes from a request's token, which anyone
    /// can send: one no key can have is simply not found, without a database error or a query.
    public static func isPossibleLookup(_ lookup: String) -> Bool {
        tokenPartProblem(lookup, field: "lookup id") == nil
    }

    /// Whether some stored key could have this name (see ``isPossibleLookup(_:)``).
    public static func isPossibleName(_ name: String) -> Bool {
        nameProblem(name) == nil
    }

    /// Whether a scalar shows as something: not whitespace, control, format (zero-width), private-use,
    /// unassigned or surrogate.
    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .unassigned, .surrogate, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// `U+0009`.
    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension CreateAPIKeyParams {
    /// Refuses a name ``APIKeyRecord/nameProblem(_:)`` refuses, an empty or malformed lookup id, salt or hash,
    /// and a creator over ``InputLimit/name`` or holding a NUL (which PostgreSQL text cannot store).
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        if let problem = APIKeyRecord.nameProblem(key.name) { throw JobStoreError.invalidInput(problem) }
        for (value, field) in [(key.lookup, "lookup id"), (key.salt, "salt"), (key.hash, "hash")] {
            if let problem = APIKeyRecord.tokenPartProblem(value, field: field) {
                throw JobStoreError.invalidInput(problem)
            }
        }
        try InputLimit.name.check(key.createdBy, field: "API key's creator")
        guard !key.createdBy.contains("\u{0}") else {
            throw JobStoreError.invalidInput("an API key's creator cannot contain a NUL character")
        }
    }

    /// The refusal of a name a key that is not revoked holds.
    public var nameTaken: JobStoreError {
        .invalidInput(
            "an API key named \"\(key.name)\" exists; revoke it first (stackshift keys revoke \(key.name)) "
                + "or choose another name")
    }

    /// The refusal of a lookup id another key has: ids are random, so this is a generator's fault.
    public var lookupTaken: JobStoreError {
        .invalidInput("an API key with lookup id \(key.lookup) exists; generate the key again")
    }
}

extension RecordRejectedWebhookParams {
    /// The most UTF-8 bytes kept of ``reason``, as of an audit entry's detail.
    public static let reasonLimit = AuditNote.detailLimit

    /// The params as every store keeps them: the reason cut to ``reasonLimit`` bytes and the webhook and event
    /// names to ``InputLimit/name`` (each ending with `…` when cut, a NUL written `\u{0}`, as
    /// ``AuditNote/bounded(_:to:)`` does). Cut, not refused: the record is the evidence of a delivery that went
    /// wrong, and must not be lost to its own oddities.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` for a `keep` below 1, or a body over ``InputLimit/payload``
    ///   (the server refuses such a request long before).
    public func bounded() throws -> RecordRejectedWebhookParams {
        guard keep >= 1 else {
            throw JobStoreError.invalidInput("a store keeps at least 1 rejected webhook delivery, not \(keep)")
        }
        guard body.count <= InputLimit.payload.bytes else {
            throw JobStoreError.invalidInput(
                "the rejected webhook's body is \(InputLimit.group(body.count)) bytes long; the limit is "
                    + "\(InputLimit.payload.text): \(InputLimit.payload.advice)")
        }
        var params = self
        params.webhook = Self.boundedName(webhook)
        params.eventName = Self.boundedName(eventName)
        params.reason = AuditNote.bounded(reason, to: Self.reasonLimit)
        return params
    }

    /// A webhook or event name as stored: cut to ``InputLimit/name``.
    static func boundedName(_ name: String) -> String {
        AuditNote.bounded(name, to: InputLimit.name.bytes)
    }
}

extension RejectedWebhookQuery {
    /// The most deliveries one query returns.
    public static let maxLimit = 10_000

    /// Refuses a limit outside 1…``maxLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard (1...Self.maxLimit).contains(limit) else {
            throw JobStoreError.invalidInput("rejected webhooks: limit must be from 1 to 10,000, not \(limit)")
        }
    }

    /// The webhook filter as ``RecordRejectedWebhookParams/bounded()`` stores names, so a filter finds the
    /// deliveries recorded under the same name however long or odd it is.
    public var storedWebhook: String? {
        webhook.map(RecordRejectedWebhookParams.boundedName)
    }
}
