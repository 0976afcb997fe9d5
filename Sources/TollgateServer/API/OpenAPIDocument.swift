import Foundation
import NIOCore
import TollgateCore

/// The API described as OpenAPI 3.1 (`Resources/openapi.json`): served verbatim at `/openapi.json` and read
/// into operations for the HTML reference at `/docs/api`. A test keeps its routes equal to the router's.
struct OpenAPIDocument: Sendable {
    /// One operation as the reference page shows it.
    struct Operation: Sendable {
        struct Field: Sendable {
            var name: String
            var location: String
            var type: String
            var required: Bool
            var description: String
        }

        var method: String
        var path: String
        var id: String
        var summary: String
        var description: String
        var tag: String
        var authenticated: Bool
        var parameters: [Field]
        var bodyFields: [Field]
        var responses: [(status: String, description: String)]
    }

    /// The document's bytes, as served.
    let bytes: ByteBuffer
    /// `(tag, description)` in the document's order.
    let tags: [(name: String, description: String)]
    let operations: [Operation]

    /// The bundled document.
    static func bundled() throws -> OpenAPIDocument {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
        else { throw APIError.internal("openapi.json is missing from the build.") }
        return try OpenAPIDocument(data: try Data(contentsOf: url))
    }

    init(data: Data) throws {
        bytes = ByteBuffer(bytes: data)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let paths = root["paths"] as? [String: Any]
        else { throw APIError.internal("openapi.json has no paths.") }
        let components = root["components"] as? [String: Any] ?? [:]
        let resolver = Resolver(components: components)
        tags = (root["tags"] as? [[String: Any]] ?? []).map {
            ($0["name"] as? String ?? "", $0["description"] as? String ?? "")
        }
        let defaultSecurity = !(root["security"] as? [Any] ?? []).isEmpty
        var operations: [Operation] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            guard let item = item as? [String: Any] else { continue }
            let shared = item["parameters"] as? [Any] ?? []
            for method in ["get", "head", "post", "put", "patch", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let security = operation["security"] as? [[String: Any]]
                operations.append(
                    Operation(
                        method: method.uppercased(), path: path, id: operation["operationId"] as? String ?? "",
                        summary: operation["summary"] as? String ?? "",
                        description: operation["description"] as? String ?? "",
                        tag: (operation["tags"] as? [String])?.first ?? "",
                        authenticated: security.map { $0.contains { !$0.isEmpty } && !$0.contains { $0.isEmpty } }
                            ?? defaultSecurity,
                        parameters: (shared + (operation["parameters"] as? [Any] ?? [])).compactMap(resolver.parameter),
                        bodyFields: resolver.bodyFields(operation["requestBody"]),
                        responses: (operation["responses"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map {
                            ($0.key, resolver.object($0.value)["description"] as? String ?? "")
                        }))
            }
        }
        self.operations = operations
    }

    /// Follows local `$ref`s (`#/components/…`).
    struct Resolver {
        let components: [String: Any]

        func object(_ value: Any?) -> [String: Any] {
            var current = value as? [String: Any] ?? [:]
            for _ in 0..<8 {
                guard let reference = current["$ref"] as? String, reference.hasPrefix("#/components/") else { break }
                var node: Any? = components
                for part in reference.dropFirst("#/components/".count).split(separator: "/") {
                    node = (node as? [String: Any])?[String(part)]
                }
                current = node as? [String: Any] ?? [:]
            }
            return current
        }

        func parameter(_ value: Any) -> Operation.Field? {
            let parameter = object(value)
            guard let name = parameter["name"] as? String else { return nil }
            return Operation.Field(
                name: name, location: parameter["in"] as? String ?? "", type: type(of: parameter["schema"]),
                required: parameter["required"] as? Bool ?? false,
                description: parameter["description"] as? String ?? "")
        }

        /// The top-level fields of the request body schema (JSON, else form data); a `oneOf` of variants (one
        /// per model) shows their fields merged: a field is required when every variant requires it.
        func bodyFields(_ value: Any?) -> [Operation.Field] {
            let content = object(value)["content"] as? [String: Any] ?? [:]
            guard
                let media = ["application/json", "multipart/form-data"].lazy.compactMap({ content[$0] }).first
                    ?? content.values.first
            else { return [] }
            let schema = object(object(media)["schema"])
            let variants = (schema["oneOf"] as? [Any])?.map(object) ?? [schema]
            var merged: [String: (types: [String], required: Int, description: String)] = [:]
            for variant in variants {
                let required = Set(variant["required"] as? [String] ?? [])
                for (name, property) in variant["properties"] as? [String: Any] ?? [:] {
                    let property = object(property)
                    var field = merged[name] ?? ([], 0, property["description"] as? String ?? "")
                    let type = type(of: property)
                    if !field.types.contains(type) { field.types.append(type) }
                    if required.contains(name) { field.required += 1 }
                    merged[name] = field
                }
            }
            return merged.sorted { $0.key < $1.key }.map { name, field in
                Operation.Field(
                    name: name, location: "body", type: Self.merged(field.types),
                    required: field.required == variants.count, description: field.description)
            }
        }

        /// The variants' types of one field in a few words: their literal values gathered into one list (a long
        /// one shortened: the model slugs are at `GET /models`), other types joined with `|`.
        static func merged(_ types: [String]) -> String {
            var values: [String] = []
            var others: [String] = []
            for type in types {
                if type.hasPrefix("one of ") {
                    values += type.dropFirst(7).components(separatedBy: ", ").filter { !values.contains($0) }
                } else if !others.contains(type) {
                    others.append(type)
                }
            }
            if !values.isEmpty {
                let shown =
                    values.count > 8
                    ? values.prefix(6).joined(separator: ", ") + ", … (\(values.count) in all)"
                    : values.joined(separator: ", ")
                others.insert("one of " + shown, at: 0)
            }
            return others.joined(separator: " | ")
        }

        /// A schema's type in a few words: `string`, `integer`, `array of string`, `one of …`, a named schema.
        func type(of value: Any?) -> String {
            let raw = value as? [String: Any] ?? [:]
            if let reference = raw["$ref"] as? String { return String(reference.split(separator: "/").last ?? "") }
            let schema = object(raw)
            if let value = schema["const"] { return "\(value)" }
            if let values = schema["enum"] as? [Any] {
                return "one of " + values.map { "\($0)" }.joined(separator: ", ")
            }
            if let type = schema["type"] as? String {
                if type == "array" { return "array of " + self.type(of: schema["items"]) }
                return type
            }
            if let types = schema["type"] as? [String] { return types.joined(separator: " or ") }
            if let choices = (schema["oneOf"] ?? schema["anyOf"]) as? [Any] {
                return choices.map { self.type(of: $0) }.joined(separator: " or ")
            }
            return "any"
        }
    }
}
