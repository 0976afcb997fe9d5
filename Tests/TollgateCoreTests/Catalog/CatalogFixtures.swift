import Foundation

@testable import TollgateCore

/// Builders for catalog tests: valid sample values and small hand-made catalog files.
enum CatalogFixtures {
    /// A valid value for `spec` (its first allowed value, its minimum, a sample URL, …).
    static func sample(for spec: ParamSpec) -> JSONValue {
        if let first = spec.values?.first { return first }
        switch spec.type {
        case .string: return .string(String("Hello there".prefix(spec.maxLength ?? 11)))
        case .integer: return .int(Int64(spec.min ?? 0))
        case .number: return .double(spec.min ?? 0)
        case .boolean: return true
        case .url: return "https://example.com/input.png"
        case .stringList: return ["END"]
        case .dialogue: return [["text": "Hi!", "voice_id": "rachel"], ["text": "Hello.", "voice_id": "adam"]]
        }
    }

    /// What `resolveParams` turns a valid `value` into (a lone stop string becomes a one-item list).
    static func canonical(_ value: JSONValue, for spec: ParamSpec) -> JSONValue {
        if spec.type == .stringList, case .string = value { return [value] }
        return value
    }

    /// Just the required params of `entry`, each with a sample value.
    static func minimalParams(for entry: ModelEntry) -> [String: JSONValue] {
        var params: [String: JSONValue] = [:]
        for spec in entry.params where spec.required {
            params[spec.name] = sample(for: spec)
        }
        return params
    }

    /// A valid image model with a size × quality matrix, to be broken one field at a time.
    static func entry(slug: String = "test-image", _ overrides: [String: JSONValue] = [:]) -> JSONValue {
        var entry: [String: JSONValue] = [
            "slug": .string(slug), "name": "Test Image", "category": "image", "provider": "openai",
            "upstream_model": "test-1", "tier": "basic", "mode": "sync", "vision": false, "deadline_seconds": 300,
            "description": "A test model.",
            "price": [
                "type": "matrix", "pricing_type": "matrix", "axes": ["size", "quality"],
                "table": ["512": ["standard": 1, "hd": 2], "1024": ["standard": 3, "hd": 4]],
            ],
            "params": [
                ["name": "size", "type": "string", "values": ["512", "1024"], "default": "512"],
                ["name": "quality", "type": "string", "values": ["standard", "hd"], "default": "standard"],
                ["name": "seed", "type": "integer", "min": 0, "max": 100],
            ],
        ]
        for (key, value) in overrides { entry[key] = value }
        return .object(entry)
    }

    /// A catalog file holding `entries`.
    static func file(_ entries: [JSONValue], version: Int64 = 1) throws -> Data {
        try JSONEncoder().encode(JSONValue.object(["version": .int(version), "models": .array(entries)]))
    }

    /// The `CatalogError` that loading `entries` throws, or nil if it loads.
    static func loadError(_ entries: [JSONValue]) throws -> CatalogError? {
        let data = try file(entries)
        do {
            _ = try Catalog.load(from: data)
            return nil
        } catch {
            return error
        }
    }
}
