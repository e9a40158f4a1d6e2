import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// `GET /v1/openapi.json`: an OpenAPI 3.1 description of every route, built from the same table as the
/// router (``APIServer/routes``), so the two cannot disagree.
enum OpenAPIDocument {
    static let routes: [APIRoute] = [
        APIRoute(
            method: .get, path: "/v1/openapi.json", scope: nil, summary: "This document: the API in OpenAPI 3.1.",
            handler: { _ in APIResponse.json(served) })
    ]

    /// The server's document, built once: the routes do not change while it runs.
    static let served = document(for: APIServer.routes)

    /// The document for `routes`.
    static func document(for routes: [APIRoute]) -> JSONValue {
        var paths: [(key: String, value: JSONValue)] = []
        for route in routes {
            let operation = self.operation(route)
            if let index = paths.firstIndex(where: { $0.key == route.path }),
                case .object(var methods) = paths[index].value
            {
                methods.append((route.method.rawValue.lowercased(), operation))
                paths[index].value = .object(methods)
            } else {
                paths.append((route.path, .object([(route.method.rawValue.lowercased(), operation)])))
            }
        }
        return .object([
            ("openapi", .string("3.1.0")),
            (
                "info",
                .object([
                    ("title", .string("StackShift")),
                    ("version", .string("1")),
                    (
                        "description",
                        .string(
                            "The operations of a StackShift database over HTTP. Send `Authorization: Bearer ssk_…` "
                                + "with a key from `stackshift keys create`; errors answer "
                                + "`{\"error\": {\"code\", \"message\"}}`.")
                    ),
                ])
            ),
            (
                "components",
                .object([
                    (
                        "securitySchemes",
                        .object([("apiKey", .object([("type", .string("http")), ("scheme", .string("bearer"))]))])
                    ),
                    ("schemas", .object([("Error", errorSchema)])),
                ])
            ),
            ("paths", .object(paths)),
        ])
    }

    private static func operation(_ route: APIRoute) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("operationId", .string(route.operationId)),
            ("summary", .string(route.summary)),
        ]
        if let scope = route.scope {
            members.append(("security", .array([.object([("apiKey", .array([]))])])))
            members.append(("x-stackshift-scope", .string(scope.rawValue)))
        } else {
            members.append(("security", .array([])))
        }
        if !route.parameters.isEmpty {
            members.append(("parameters", .array(route.parameters.map(parameter))))
        }
        if let fields = route.body {
            let properties = fields.map { field -> (key: String, value: JSONValue) in
                var schema: [(key: String, value: JSONValue)] = [("description", .string(field.description))]
                if let type = field.type { schema.insert(("type", .string(type)), at: 0) }
                return (field.name, .object(schema))
            }
            var schema: [(key: String, value: JSONValue)] = [
                ("type", .string("object")), ("additionalProperties", .bool(false)),
                ("properties", .object(properties)),
            ]
            let required = fields.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { schema.append(("required", .array(required))) }
            members.append(
                (
                    "requestBody",
                    .object([
                        ("required", .bool(!required.isEmpty)),
                        ("content", .object([("application/json", .object([("schema", .object(schema))]))])),
                    ])
                ))
        }
        var responses: [(key: String, value: JSONValue)] = route.responses.map {
            (String($0.code), .object([("description", .string($0.reasonPhrase))]))
        }
        responses.append(
            (
                "default",
                .object([
                    ("description", .string("An error: 400, 401, 403, 404, 409, 413, 422 or 503.")),
                    (
                        "content",
                        .object([
                            (
                                "application/json",
                                .object([("schema", .object([("$ref", .string("#/components/schemas/Error"))]))])
                            )
                        ])
                    ),
                ])
            ))
        members.append(("responses", .object(responses)))
        return .object(members)
    }

    private static func parameter(_ parameter: APIRoute.Parameter) -> JSONValue {
        .object([
            ("name", .string(parameter.name)),
            ("in", .string(parameter.location.rawValue)),
            ("required", .bool(parameter.required)),
            ("description", .string(parameter.description)),
            ("schema", .object([("type", .string(parameter.type))])),
        ])
    }

    private static let errorSchema: JSONValue = .object([
        ("type", .string("object")),
        (
            "properties",
            .object([
                (
                    "error",
                    .object([
                        ("type", .string("object")),
                        (
                            "properties",
                            .object([
                                ("code", .object([("type", .string("string"))])),
                                ("message", .object([("type", .string("string"))])),
                            ])
                        ),
                    ])
                )
            ])
        ),
    ])
}
