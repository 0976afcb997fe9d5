import Crypto
import Foundation
import TollgateCore

/// The `X-Tollgate-Signature` header (SPEC §7): `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with the
/// account's webhook secret.
public enum WebhookSignature {
    public static func header(body: [UInt8], secret: String, timestamp: Int64) -> String {
        var message = Array("\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return "t=\(timestamp),v1=" + Hex.lowercase(mac)
    }

    /// A new secret: `whsec_` and 32 random bytes in hex.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + Hex.lowercase((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
