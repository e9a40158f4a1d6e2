import Foundation
import StackShiftServer
import YAMLFiles

/// A webhooks file for `stackshift serve --webhooks FILE.yaml`: a list of the webhooks `--webhook` defines one
/// at a time, read strictly (an unknown or missing field is refused with its file, line and field).
///
/// ```yaml
/// - name: stripe
///   event: payment.confirmed
///   pointer: /data/object/metadata/paymentId
///   secretEnv: STRIPE_WEBHOOK_SECRET
/// - name: github
///   event: build.finished
///   pointer: /check_suite/head_sha
/// ```
struct WebhookFile {
    /// One webhook as written in the file; its secret is read from the environment when the file is resolved.
    struct Entry: Decodable {
        var name: String
        var event: String
        var pointer: JSONPointer
        var secretEnv: String?

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case name, event, pointer, secretEnv
        }

        init(from decoder: any Decoder) throws {
            let fields = try StrictFields(decoder, CodingKeys.self)
            name = try fields.requiredText(.name)
            // The same rule as `--webhook`: the name is the last part of the webhook's URL path.
            guard WebhookDefinition.isValidName(name) else {
                throw fields.problem(.name, "must be \(WebhookDefinition.nameRule), found \"\(name)\"")
            }
            event = try fields.requiredText(.event)
            // The empty pointer (the whole body) is allowed, as on the command line: present, possibly empty.
            let pointerText = try fields.required(.pointer, as: String.self)
            do {
                pointer = try JSONPointer(pointerText)
            } catch {
                throw fields.problem(.pointer, "\(error)")
            }
            secretEnv = try fields.text(.secretEnv, default: nil)
        }
    }

    /// The file as given, for messages.
    var path: String
    /// The webhooks in file order.
    var entries: [Entry]

    /// Reads and checks the file.
    ///
    /// - Throws: ``YAMLFileError`` naming the file, the line and the field of the first problem.
    static func load(path: String) throws -> WebhookFile {
        WebhookFile(path: path, entries: try StrictYAML.load([Entry].self, path: path))
    }

    /// The webhooks, each secret read from the environment variable its entry names.
    ///
    /// - Throws: ``YAMLFileError`` naming the entry whose variable is not set.
    func definitions(environment: [String: String]) throws -> [WebhookDefinition] {
        try entries.enumerated().map { index, entry in
            var secret: String?
            if let variable = entry.secretEnv {
                guard let value = environment[variable], !value.isEmpty else {
                    throw YAMLFileError(
                        file: path, field: "[\(index)].secretEnv",
                        message:
                            "webhook \(entry.name): the environment variable \(variable) is not set; export the "
                            + "webhook's signing secret in it")
                }
                secret = value
            }
            return WebhookDefinition(
                name: entry.name, event: entry.event, keyPointer: entry.pointer, secret: secret,
                secretVariable: entry.secretEnv)
        }
    }
}
