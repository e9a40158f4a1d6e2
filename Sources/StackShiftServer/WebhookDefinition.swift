import Foundation

/// A webhook `stackshift serve` exposes at `POST /v1/webhooks/NAME`: each delivery becomes event `event`,
/// its correlation key read from the body at `keyPointer`.
///
/// Written `NAME=EVENT:JSON_POINTER[:SECRET_ENV]` on the command line, e.g.
/// `stripe=payment.confirmed:/data/object/metadata/paymentId:STRIPE_WEBHOOK_SECRET`.
public struct WebhookDefinition: Sendable, Hashable {
    /// The path's last part.
    public var name: String
    /// The event each delivery sends.
    public var event: String
    /// Where the correlation key is in the body (RFC 6901).
    public var keyPointer: JSONPointer
    /// The shared secret: deliveries must carry `X-Signature-256: sha256=HEX`, the HMAC-SHA256 of the raw
    /// body with it. Without one, a delivery needs an API key of scope `events`.
    public var secret: String?
    /// The environment variable the secret came from, to name in messages (never the secret itself).
    public var secretVariable: String?

    /// Creates a definition.
    public init(
        name: String, event: String, keyPointer: JSONPointer, secret: String? = nil, secretVariable: String? = nil
    ) {
        self.name = name
        self.event = event
        self.keyPointer = keyPointer
        self.secret = secret
        self.secretVariable = secretVariable
    }

    /// What a webhook's name may be, in words.
    public static let nameRule = "1 to 100 letters, digits, '-', '_' or '.'"

    /// Whether `name` can name a webhook: it is the last part of the URL path `/v1/webhooks/NAME`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 100
            && name.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
            }
    }

    /// Parses `NAME=EVENT:JSON_POINTER[:SECRET_ENV]`, reading the secret from `environment`.
    ///
    /// - Throws: ``WebhookDefinitionError`` naming the part that is wrong.
    public init(parsing text: String, environment: [String: String]) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw WebhookDefinitionError("\(text): expected NAME=EVENT:JSON_POINTER[:SECRET_ENV]")
        }
        let name = String(text[..<equals])
        guard Self.isValidName(name) else {
            throw WebhookDefinitionError("\(text): the name must be \(Self.nameRule)")
        }
        let rest = text[text.index(after: equals)...]
        guard let colon = rest.firstIndex(of: ":") else {
            throw WebhookDefinitionError("\(text): expected EVENT:JSON_POINTER after \(name)=")
        }
        let event = String(rest[..<colon])
        guard !event.isEmpty else { throw WebhookDefinitionError("\(text): the event name is empty") }
        var pointerText = String(rest[rest.index(after: colon)...])
        var variable: String?
        // A pointer starts with "/"; a last ":NAME" whose NAME has no "/" is the secret's variable.
        if let last = pointerText.lastIndex(of: ":"), !pointerText[last...].contains("/") {
            variable = String(pointerText[pointerText.index(after: last)...])
            pointerText = String(pointerText[..<last])
        }
        let pointer: JSONPointer
        do {
            pointer = try JSONPointer(pointerText)
        } catch {
            throw WebhookDefinitionError("\(text): \(error)")
        }
        var secret: String?
        if let variable {
            guard let value = environment[variable], !value.isEmpty else {
                throw WebhookDefinitionError(
                    "\(text): the environment variable \(variable) is not set; export the webhook's signing secret in it"
                )
            }
            secret = value
        }
        self.init(name: name, event: event, keyPointer: pointer, secret: secret, secretVariable: variable)
    }
}

/// A `--webhook` value that cannot be used.
public struct WebhookDefinitionError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the value.
    public let description: String

    init(_ description: String) { self.description = description }
}
