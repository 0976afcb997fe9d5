import Foundation

/// Any JSON value, decoded from a request and encoded back where a provider echoes its input
/// (Replicate's `input`, Luma's `request`). Objects keep their keys sorted when encoded.
enum AnyJSON: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([AnyJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: AnyJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let members):
            var container = encoder.container(keyedBy: AnyKey.self)
            for key in members.keys.sorted() {
                try container.encode(members[key]!, forKey: AnyKey(key))
            }
        }
    }

    /// The member `key` of an object.
    subscript(key: String) -> AnyJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The members of an object.
    var objectValue: [String: AnyJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array.
    var arrayValue: [AnyJSON]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// A string value.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A whole number, or a string spelling one (`"8"`, `"5s"` is not).
    var intValue: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value == value.rounded() && abs(value) < 1e15: Int(value)
        case .string(let value): Int(value)
        default: nil
        }
    }

    /// A number, or a string spelling one.
    var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .string(let value): Double(value)
        default: nil
        }
    }

    /// A boolean, or a string spelling one.
    var boolValue: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let value):
            ["true", "1", "yes"].contains(value.lowercased())
                ? true : ["false", "0", "no"].contains(value.lowercased()) ? false : nil
        default: nil
        }
    }

    /// Decodes a request body; `nil` when it is not JSON.
    static func decode(_ bytes: some Collection<UInt8>) -> AnyJSON? {
        try? JSONDecoder().decode(AnyJSON.self, from: Data(bytes))
    }
}

/// A coding key made from any string.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
