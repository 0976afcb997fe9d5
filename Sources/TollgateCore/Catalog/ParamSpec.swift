/// One parameter a model accepts in `params`: its type, allowed values or range, default and whether it is required.
public struct ParamSpec: Sendable, Equatable {
    /// The key in `params`, e.g. `size`.
    public let name: String
    /// The kind of value.
    public let type: ParamType
    /// The allowed set (strings for `.string`, integers for `.integer`), first listed first; nil when free.
    public let values: [JSONValue]?
    /// The smallest allowed number (`.integer` and `.number`).
    public let min: Double?
    /// The largest allowed number (`.integer` and `.number`).
    public let max: Double?
    /// The longest allowed text, in characters (free strings, URLs, list items, dialogue text in all).
    public let maxLength: Int?
    /// The most items a list may hold (`.stringList`, `.dialogue`).
    public let maxItems: Int?
    /// The value used when the caller gives none (or gives `null`).
    public let defaultValue: JSONValue?
    /// Whether the caller must give a value.
    public let required: Bool
    /// A short human description, shown in the model's `config`.
    public let description: String?
    /// Suggested values for a free string (e.g. well-known voice names), shown in `config`.
    public let examples: [String]?
    /// Other names for allowed string values (the docs' `standard`/`hd` for gpt-image's `medium`/`high`): taken
    /// and resolved to the value they name.
    public let synonyms: [String: String]?
    /// The values the model's upstream makes itself, when `values` holds more (an image `format`): a request for
    /// another is sent as the first of these and its result converted; without a converter the param takes only
    /// these (`withoutConversion`).
    public let upstreamValues: [JSONValue]?
    /// The reason a bad value is rejected with, e.g. `must be one of 1024x1024, 1024x1792, 1792x1024`.
    public let invalidReason: String

    /// A parameter spec; call `problem()` (or load it through a `Catalog`) to check it is consistent.
    public init(
        name: String, type: ParamType, values: [JSONValue]? = nil, min: Double? = nil, max: Double? = nil,
        maxLength: Int? = nil, maxItems: Int? = nil, defaultValue: JSONValue? = nil, required: Bool = false,
        description: String? = nil, examples: [String]? = nil, synonyms: [String: String]? = nil,
        upstreamValues: [JSONValue]? = nil
    ) {
        self.name = name
        self.type = type
        self.values = values
        self.min = min
        self.max = max
        self.maxLength = maxLength ?? (type == .url ? 2048 : nil)
        self.maxItems = maxItems
        self.defaultValue = defaultValue.map { Self.canonical($0, for: type) }
        self.required = required
        self.description = description
        self.examples = examples
        self.synonyms = synonyms
        self.upstreamValues = upstreamValues
        self.invalidReason =
            Self.reason(
                type: type, values: values, min: min, max: max, maxLength: self.maxLength, maxItems: maxItems,
                required: required)
            + (synonyms.map { " (or " + $0.keys.sorted().joined(separator: ", ") + ")" } ?? "")
    }

    /// The values a price table may be keyed by: the enum values, or `false`/`true` for booleans.
    public var axisKeys: [String]? {
        if type == .boolean { return ["false", "true"] }
        return values?.compactMap(\.priceKey)
    }

    /// Numbers in one canonical form, so `1`, `1.0` and `1e0` compare equal: `.double` for `.number`,
    /// `.int` for whole `.integer` values.
    private static func canonical(_ value: JSONValue, for type: ParamType) -> JSONValue {
        switch (type, value) {
        case (.number, .int(let number)): .double(Double(number))
        case (.integer, .double): value.intValue.map(JSONValue.int) ?? value
        default: value
        }
    }

    private static func reason(
        type: ParamType, values: [JSONValue]?, min: Double?, max: Double?, maxLength: Int?, maxItems: Int?,
        required: Bool
    ) -> String {
        if let values, type == .string || type == .integer {
            return "must be one of " + values.map(\.catalogText).joined(separator: ", ")
        }
        let longest = maxLength.map(String.init) ?? "any number of"
        switch type {
        case .string:
            return required
                ? "must be a non-empty string of at most \(longest) characters"
                : "must be a string of at most \(longest) characters"
        case .integer:
            return "must be an integer from \(format(min)) to \(format(max))"
        case .number:
            return "must be a number from \(format(min)) to \(format(max))"
        case .boolean:
            return "must be true or false"
        case .url:
            return "must be an http(s) URL of at most \(longest) characters"
        case .stringList:
            return "must be a string or a list of 1 to \(maxItems.map(String.init) ?? "any number of") strings "
                + "of at most \(longest) characters each"
        case .dialogue:
            return "must be a list of 1 to \(maxItems.map(String.init) ?? "any number of") objects "
                + "{\"text\", \"voice_id\"} with at most \(longest) characters of text in all"
        }
    }

    private static func format(_ bound: Double?) -> String {
        guard let bound else { return "any" }
        return JSONValue.double(bound).catalogText
    }
}

extension ParamSpec: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, type, values, min, max, required, description, examples, synonyms
        case upstreamValues = "upstream_values"
        case maxLength = "max_length"
        case maxItems = "max_items"
        case defaultValue = "default"
    }

    /// Reads a param of the catalog file.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let typeName = try c.decode(String.self, forKey: .type)
        guard let type = ParamType(rawValue: typeName) else {
            let known = ParamType.allCases.map(\.rawValue).joined(separator: ", ")
            let reason = "param \"\(name)\" has unknown type \"\(typeName)\" (known: \(known))"
            throw CatalogError(slug: nil, reason: reason)
        }
        func bound(_ key: CodingKeys) throws -> Double? {
            guard let raw = try c.decodeIfPresent(JSONValue.self, forKey: key), !raw.isNull else { return nil }
            guard let number = raw.doubleValue else {
                throw CatalogError(slug: nil, reason: "param \"\(name)\": \(key.stringValue) must be a number")
            }
            return number
        }
        let defaultValue = try c.decodeIfPresent(JSONValue.self, forKey: .defaultValue)
        self.init(
            name: name, type: type,
            values: try c.decodeIfPresent([JSONValue].self, forKey: .values),
            min: try bound(.min), max: try bound(.max),
            maxLength: try c.decodeIfPresent(Int.self, forKey: .maxLength),
            maxItems: try c.decodeIfPresent(Int.self, forKey: .maxItems),
            defaultValue: defaultValue?.isNull == true ? nil : defaultValue,
            required: try c.decodeIfPresent(Bool.self, forKey: .required) ?? false,
            description: try c.decodeIfPresent(String.self, forKey: .description),
            examples: try c.decodeIfPresent([String].self, forKey: .examples),
            synonyms: try c.decodeIfPresent([String: String].self, forKey: .synonyms),
            upstreamValues: try c.decodeIfPresent([JSONValue].self, forKey: .upstreamValues)
        )
    }

    /// Writes the param in the catalog file's shape (`jsonValue`).
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    /// This spec as JSON, in the catalog file's shape (also the entries of `config.params`).
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "type": .string(type.rawValue)]
        if let values { object["values"] = .array(values) }
        if let min { object["min"] = bound(min) }
        if let max { object["max"] = bound(max) }
        if let maxLength { object["max_length"] = .int(Int64(maxLength)) }
        if let maxItems { object["max_items"] = .int(Int64(maxItems)) }
        if let defaultValue { object["default"] = defaultValue }
        object["required"] = .bool(required)
        if let description { object["description"] = .string(description) }
        if let examples { object["examples"] = .array(examples.map(JSONValue.string)) }
        if let synonyms { object["synonyms"] = .object(synonyms.mapValues(JSONValue.string)) }
        if let upstreamValues { object["upstream_values"] = .array(upstreamValues) }
        return .object(object)
    }

    private func bound(_ value: Double) -> JSONValue {
        type == .integer ? .int(Int64(value)) : .double(value)
    }
}
