import Crypto
import Foundation
import TollgateCore

/// The Telegram Login Widget check (core.telegram.org/widgets/login): the `hash` field must be the hex
/// HMAC-SHA256 of the data-check-string — every other received field as `key=value`, sorted by key,
/// joined by line feeds — keyed with SHA-256 of the bot token; and `auth_date` must be recent.
enum TelegramLogin {
    /// How old a widget payload may be.
    static let maxAgeSeconds: Int64 = 86_400
    /// How far in the future `auth_date` may lie (clock skew).
    static let maxSkewSeconds: Int64 = 300

    /// The payload's fields as the widget signed them: strings as they are, numbers in decimal.
    /// Nulls are left out (the widget never sends them); nested values make the payload invalid.
    static func fields(of payload: [String: JSONValue]) -> [String: String]? {
        var fields: [String: String] = [:]
        for (key, value) in payload {
            switch value {
            case .null: continue
            case .string(let text): fields[key] = text
            case .int(let number): fields[key] = String(number)
            case .bool(let flag): fields[key] = flag ? "true" : "false"
            case .double(let number) where number.rounded() == number && abs(number) < 9e15:
                fields[key] = String(Int64(number))
            default: return nil
            }
        }
        return fields
    }

    /// The string the widget signs.
    static func dataCheckString(_ fields: [String: String]) -> String {
        fields.filter { $0.key != "hash" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
            separator: "\n")
    }

    /// The hex signature of `fields` under `botToken`.
    static func signature(_ fields: [String: String], botToken: String) -> String {
        let key = SymmetricKey(data: Data(SHA256.hash(data: Data(botToken.utf8))))
        let code = HMAC<SHA256>.authenticationCode(for: Data(dataCheckString(fields).utf8), using: key)
        return Hex.lowercase(code)
    }

    /// Whether `fields` carry a valid signature under `botToken` and a fresh `auth_date` at `nowSeconds`.
    static func isValid(_ fields: [String: String], botToken: String, nowSeconds: Int64) -> Bool {
        guard let hash = fields["hash"]?.lowercased(), let authDate = fields["auth_date"].flatMap(Int64.init) else {
            return false
        }
        guard ApiKeySecret.constantTimeEqual(signature(fields, botToken: botToken), hash) else { return false }
        return authDate <= nowSeconds + maxSkewSeconds && nowSeconds - authDate <= maxAgeSeconds
    }
}
