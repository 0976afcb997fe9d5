import Foundation
import TollgateCore

/// JSON text for storage columns and stored answers: keys sorted, slashes unescaped.
public enum JSONText {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func encode(_ value: JSONValue) -> String? {
        if let text = value.sortedJSONText { return text }
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    public static func decode(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        return try? JSONValue(parsing: text)
    }
}
