/// What a run search (``RunQuery/text``) looks in, and how it compares: one definition for the console's
/// instant filter and for both drivers' SQL, which a conformance check holds to it field by field.
///
/// A search finds what a run's row shows: its id, job, queue and status, its idempotency key, the step it is
/// in or waits at, the event name and key it waits for, and its error as the row writes it (`Type: message`)
/// with the step that threw it. Letters compare without regard to case in ASCII only, as SQL's `LIKE` does,
/// so the console and the store never disagree on a row.
public enum RunSearch {
    /// The names of the searched fields, in the order ``texts(of:)`` gives them; drivers search the same.
    public static let fields = [
        "id", "job", "queue", "status", "idempotency key", "current step", "wait step", "wait event name",
        "wait event key", "error (type: message)", "error location",
    ]

    /// The texts of a run that a search looks in (see ``fields``); absent fields are left out.
    public static func texts(of run: RunRecord) -> [String] {
        let error = run.error.map { "\($0.type): \($0.message)" }
        let optional: [String?] = [
            run.id, run.job, run.queue, run.status.rawValue, run.idempotencyKey, run.currentStep, run.wait?.step,
            run.wait?.eventName, run.wait?.eventKey, error, run.error?.location,
        ]
        return optional.compactMap { $0 }
    }

    /// Whether any searched text of `run` contains `text`, ASCII letters compared without regard to case;
    /// empty text matches every run.
    public static func matches(_ run: RunRecord, text: String) -> Bool {
        let needle = Array(text.utf8).map(foldASCII)
        guard !needle.isEmpty else { return true }
        return texts(of: run).contains { contains(Array($0.utf8), needle) }
    }

    private static func foldASCII(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            var index = 0
            while index < needle.count, foldASCII(haystack[start + index]) == needle[index] { index += 1 }
            if index == needle.count { return true }
        }
        return false
    }
}
