import Foundation
import JobStore

extension BenchmarkRunMix {
    /// One way a job fails: the step that throws, the error's type, and its message, with `{…}` placeholders
    /// for the parts that differ between occurrences (see ``fill(_:_:)``); `weight` is how often, against the
    /// job's other ways.
    struct FailureMode: Sendable, Hashable {
        var location: String
        var type: String
        var template: String
        var weight: Double
    }

    /// How each job fails: 27 causes, a few common per job, whose messages carry ids, numbers, hex, UUIDs,
    /// times and quoted values, so that only the signature rule makes the occurrences of one cause the same.
    static let failureModes: [String: [FailureMode]] = [
        "sendVerificationEmail": [
            FailureMode(
                location: "send", type: "SMTPError", template: "550 5.1.1 <user{n}@example.com>: recipient rejected",
                weight: 6),
            FailureMode(
                location: "send", type: "SMTPError",
                template: "connection to smtp.relay.example.net:587 timed out after {n}s", weight: 3),
            FailureMode(
                location: "render", type: "TemplateError", template: "missing variable {word} in verify-email",
                weight: 1),
        ],
        "sendReceipt": [
            FailureMode(location: "load-order", type: "NotFound", template: "order ord_{n} not found", weight: 4),
            FailureMode(
                location: "render-pdf", type: "RenderError", template: "PDF renderer exited with status {n}", weight: 2),
            FailureMode(
                location: "send", type: "SMTPError",
                template: "421 4.7.0 too many connections from 10.0.{n}.{n}, try again later", weight: 3),
        ],
        "deliverWebhook": [
            FailureMode(
                location: "post", type: "HTTPError",
                template: "POST https://hooks.example.com/in/{hex} returned 502 Bad Gateway", weight: 6),
            FailureMode(
                location: "post", type: "TimeoutError", template: "endpoint did not answer within {n} ms", weight: 5),
            FailureMode(
                location: "post", type: "HTTPError",
                template: "POST https://api.partner-{n}.io/webhooks returned 410 Gone", weight: 2),
            FailureMode(location: "sign", type: "KeyError", template: "no signing secret for ep_{n}", weight: 1),
        ],
        "chargeCard": [
            FailureMode(
                location: "charge", type: "ProviderError",
                template: "card_declined: the issuing bank refused the charge (code {n})", weight: 6),
            FailureMode(
                location: "charge", type: "ProviderError",
                template: "rate_limited: too many requests for acct_{n}, retry after {n}s", weight: 2),
            FailureMode(
                location: "charge", type: "IdempotencyError", template: "key {uuid} reused with other parameters",
                weight: 1),
        ],
        "provisionAfterPayment": [
            FailureMode(
                location: "provision-customer-resources", type: "ProviderTimeout",
                template: "provisioning API did not answer within {n}s", weight: 5),
            FailureMode(
                location: "reserve-seats", type: "ConflictError",
                template: "seat count changed during reservation (expected {n}, found {n})", weight: 2),
        ],
        "resizeImage": [
            FailureMode(
                location: "decode", type: "DecodeError", template: "unsupported pixel format in img_{n}.heic",
                weight: 4),
            FailureMode(
                location: "resize", type: "ResourceError",
                template: "image of {n}x{n} pixels exceeds the {n} MB memory budget", weight: 3),
            FailureMode(
                location: "upload", type: "StorageError", template: "PUT s3://media/{hex}.webp: SlowDown", weight: 2),
        ],
        "reindexDocument": [
            FailureMode(
                location: "fetch", type: "NotFound", template: "document doc_{n} was deleted before indexing",
                weight: 4),
            FailureMode(
                location: "index", type: "ConflictError",
                template: "version conflict on shard {n}: expected {n}, got {n}",
                weight: 3),
        ],
        "importContacts": [
            FailureMode(
                location: "parse", type: "CSVError", template: "row {n}: expected {n} columns, found {n}", weight: 5),
            FailureMode(
                location: "upsert", type: "ConstraintError", template: "duplicate email for ct_{n} in list lst_{n}",
                weight: 2),
            FailureMode(
                location: "fetch-file", type: "StorageError", template: "upload {uuid} expired at {time}", weight: 1),
        ],
        "pushNotification": [
            FailureMode(location: "send", type: "APNSError", template: "BadDeviceToken for device {hex}", weight: 5),
            FailureMode(
                location: "send", type: "FCMError", template: "quota exceeded for project push-prod ({n} requests/min)",
                weight: 2),
        ],
        "nightlyReport": [
            FailureMode(
                location: "query", type: "QueryTimeout",
                template: "canceling statement due to statement timeout after {n} ms", weight: 4),
            FailureMode(
                location: "upload", type: "StorageError", template: "report {time}.csv: permission denied", weight: 1),
        ],
    ]

    /// The provider outage of the last ``outageWindow``: most webhook failures of that time have this cause.
    static let outage = FailureMode(
        location: "post", type: "HTTPError",
        template: "POST https://hooks.example.com/in/{hex} returned 503 Service Unavailable", weight: 0)
    /// How long before `now` the outage began.
    static let outageWindow: TimeInterval = 45 * 60
    /// The share of failures with a rare cause of their own: the long tail of signatures seen once or twice.
    static let tailShare = 0.06
    /// Words the long tail's messages are made of; letters only, so each combination is its own signature.
    static let tailFields = [
        "amount", "currency", "locale", "timezone", "owner", "status", "plan", "region", "quota", "channel",
        "source", "format", "encoding", "schema", "version", "parent", "label", "priority", "country", "tier",
    ]
    /// The records the long tail's fields belong to.
    static let tailRecords = [
        "customer", "invoice", "account", "payload", "profile", "document", "settings", "template", "manifest",
        "subscription",
    ]
    /// The error types of the long tail.
    static let tailTypes = ["DecodingError", "InvariantViolation", "UnexpectedResponse", "ValidationError"]

    /// The error a failing run of `job` recorded, made from the run's index alone (its own random numbers, so
    /// the rest of the run is unchanged): usually one of the job's ``failureModes``, during the outage mostly
    /// the ``outage`` for webhooks, and ``tailShare`` of the time a rare cause of its own.
    static func failure(job: String, index: Int, age: TimeInterval) -> ErrorDetail {
        var random = SplitMix64(seed: UInt64(index) &* 0xD1B5_4A32_D192_ED03 ^ 0x4641_494C_5552_4553)
        let modes = failureModes[job] ?? []
        let roll = random.unit()
        if roll < tailShare || modes.isEmpty {
            let field = tailFields[Int(random.next() % UInt64(tailFields.count))]
            let record = tailRecords[Int(random.next() % UInt64(tailRecords.count))]
            let type = tailTypes[Int(random.next() % UInt64(tailTypes.count))]
            return ErrorDetail(
                type: type, message: "field \(field) of the \(record) is not what the job expects",
                location: modes.first?.location)
        }
        var mode = modes[modes.count - 1]
        if job == "deliverWebhook", age < outageWindow, roll < 0.7 {
            mode = outage
        } else {
            var remaining = random.unit() * modes.reduce(0) { $0 + $1.weight }
            for candidate in modes {
                remaining -= candidate.weight
                if remaining < 0 {
                    mode = candidate
                    break
                }
            }
        }
        return ErrorDetail(type: mode.type, message: fill(mode.template, &random), location: mode.location)
    }

    /// A template with each placeholder filled: `{n}` a number, `{hex}` twelve hex digits, `{uuid}` a UUID,
    /// `{time}` an ISO 8601 time, `{word}` a quoted word.
    static func fill(_ template: String, _ random: inout SplitMix64) -> String {
        var text = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            let bits = random.next()
            switch rest[rest.index(after: open)..<close] {
            case "n": text += String(1 + bits % [9, 99, 999, 9_999, 99_999][Int(bits >> 61) % 5])
            case "hex": text += "f" + String(format: "%010llx", bits & 0xFF_FFFF_FFFF) + "0"
            case "uuid": text += UUID(uuid: uuid(bits, random.next())).uuidString.lowercased()
            case "time":
                let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(bits % 40_000_000))
                text += ISO8601DateFormatter().string(from: date)
            case "word": text += "\"" + tailFields[Int(bits % UInt64(tailFields.count))] + "\""
            default: text += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }

    private static func uuid(_ high: UInt64, _ low: UInt64) -> uuid_t {
        let a = withUnsafeBytes(of: high) { Array($0) }
        let b = withUnsafeBytes(of: low) { Array($0) }
        return (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7])
    }
}
