import Foundation
import TollgateCore

/// JSON coding for the provider wire types, with every failure reduced to a `ProviderFailure`.
enum WireJSON {
    // Configured once and shared: coding does not change them.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    /// The JSON body of an upstream request (keys sorted, so the same request always encodes the same).
    static func encode(_ value: some Encodable) throws(ProviderFailure) -> [UInt8] {
        do {
            return Array(try encoder.encode(value))
        } catch {
            // Only non-finite numbers fail to encode: the caller's parameters were invalid.
            throw ProviderFailure(.rejected, "The request could not be encoded for the provider.")
        }
    }

    /// The JSON body of an upstream request built as a `JSONValue` (keys sorted, as above).
    static func encode(_ value: JSONValue) throws(ProviderFailure) -> [UInt8] {
        guard let bytes = value.sortedJSONBytes else {
            // Only non-finite numbers cannot be written: the caller's parameters were invalid.
            throw ProviderFailure(.rejected, "The request could not be encoded for the provider.")
        }
        return bytes
    }

    /// A provider answer decoded as `type`; anything else is `malformed`.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(ProviderFailure) -> T {
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw ProviderFailure(.malformed, "The provider's answer did not parse.")
        }
    }

    /// A provider stream event's data decoded as `type`; anything else is `malformed`.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(ProviderFailure) -> T {
        try decode(type, from: Array(text.utf8))
    }

    /// An error body decoded as `type`, or nil when it is not that shape (error bodies are often HTML).
    static func decodeIfPossible<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> T? {
        try? decoder.decode(type, from: Data(bytes))
    }
}
