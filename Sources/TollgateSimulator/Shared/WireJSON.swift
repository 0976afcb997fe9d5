import Foundation
import Hummingbird

/// The JSON coders every provider shares (one instance each: no per-request setup).
enum WireJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Sorted keys: the same answer is the same bytes, run after run.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    /// `value` as JSON bytes.
    static func data(_ value: some Encodable) -> Data {
        // Our wire types hold only strings, numbers and nested wire types: encoding cannot fail.
        (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// `value` as a JSON body.
    static func buffer(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(bytes: data(value))
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
