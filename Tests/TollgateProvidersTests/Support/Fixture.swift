import Foundation
import TollgateCore

@testable import TollgateProviders

/// Recorded upstream payloads under `Fixtures/<provider>/`, shaped like the providers' API references.
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "no fixture at Fixtures/\(path)" }
    }

    /// The bytes of `Fixtures/<path>`.
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let root = Bundle.module.resourceURL else { throw Missing(path: path) }
        let url = root.appendingPathComponent("Fixtures").appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: path) }
        return Array(data)
    }

    /// `Fixtures/<path>` parsed as JSON.
    static func json(_ path: String) throws -> JSONValue {
        try JSON.parse(try bytes(path))
    }
}

/// JSON values for comparing request bodies field by field.
enum JSON {
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    static func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Every string anywhere in `value` (keys excluded).
    static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.flatMap(strings)
        case .object(let fields): fields.values.flatMap(strings)
        default: []
        }
    }
}

extension JSONValue {
    /// The field `key` of an object.
    subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// This object with `key` set to `value`.
    func setting(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        fields[key] = value
        return .object(fields)
    }
}

extension UpstreamRequest {
    /// The body parsed as JSON.
    func json() throws -> JSONValue {
        try JSON.parse(body ?? [])
    }

    /// The value of a header, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
