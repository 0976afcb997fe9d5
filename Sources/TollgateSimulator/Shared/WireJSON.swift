import Foundation
import Hummingbird

/// JSON in and out for every provider: one shared decoder, and the compact encoder (no per-request setup).
enum WireJSON {
    private static let decoder = JSONDecoder()

    /// `value` as a JSON body, keys in declaration order.
    static func buffer(_ value: some Encodable) -> ByteBuffer {
        // Our wire types hold only strings, numbers and nested wire types: encoding cannot fail.
        (try? CompactJSONEncoder.encode(value)) ?? ByteBuffer(string: "{}")
    }

    /// Decodes `type` from a request body.
    static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        try decoder.decode(type, from: Data(body.readableBytesView))
    }
}

/// A value encoded as itself, or as JSON `null` when absent (where the provider sends explicit nulls).
struct OrNull<Wrapped: Encodable & Sendable>: Encodable, Sendable {
    var value: Wrapped?

    init(_ value: Wrapped?) {
        self.value = value
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// An empty JSON object, `{}`.
struct EmptyObject: Codable, Sendable {}
