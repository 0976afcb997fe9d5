import Crypto
import Foundation
import TollgateCore

/// JWT access tokens (RFC 7519, HS256): `sub` is the account id, `sid` the session (refresh-token family)
/// it was issued in, `exp` the end of a short lifetime. Signed and checked with HMAC-SHA256 from swift-crypto;
/// only `HS256` is accepted, so a token can never choose a weaker algorithm. Ending the session (sign-out,
/// a replayed refresh token, a password change) ends its access tokens too: the authenticator checks `sid`.
public struct AccessTokens: Sendable {
    /// The HMAC key's bytes (`SymmetricKey` is not `Sendable`).
    let keyData: Data
    var key: SymmetricKey { SymmetricKey(data: keyData) }
    /// Lifetime of a new token, seconds.
    public let lifetimeSeconds: Int64
    let clock: any WallClock

    static let issuer = "tollgate"
    static let header = Base64URL.encode(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    public init(secret: String, lifetimeSeconds: Int, clock: any WallClock) {
        keyData = Data(secret.utf8)
        self.lifetimeSeconds = Int64(lifetimeSeconds)
        self.clock = clock
    }

    struct Claims: Codable {
        var sub: String
        var sid: String?
        var iat: Int64
        var exp: Int64
        var iss: String
        var typ: String
    }

    /// Who a verified token speaks for: the account and the session it was issued in.
    public struct Bearer: Sendable, Equatable {
        public var accountID: Int64
        public var session: String
    }

    /// A new token for `accountID` in `session`.
    public func issue(accountID: Int64, session: String) -> String {
        let now = clock.nowMilliseconds() / 1000
        let claims = Claims(
            sub: String(accountID), sid: session, iat: now, exp: now + lifetimeSeconds, iss: Self.issuer,
            typ: "access")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = Base64URL.encode((try? encoder.encode(claims)) ?? Data())
        let signingInput = Self.header + "." + payload
        return signingInput + "."
            + Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: key)))
    }

    /// Whether `credential` has the shape of a JWT (three base64url parts), so it is worth checking as one.
    public static func looksLikeToken(_ credential: Substring) -> Bool {
        credential.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// The account and session a valid token names. Throws 401 `token_expired` for a genuine token past its
    /// expiry and 401 `not_authenticated` for anything else (a token without a session included).
    public func verify(_ token: Substring) throws -> Bearer {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]),
            let payloadData = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw Self.invalid }
        guard let header = try? JSONDecoder().decode([String: String].self, from: headerData), header["alg"] == "HS256"
        else {
            throw Self.invalid
        }
        // The signature first (constant time), so nothing unsigned is ever trusted.
        let signingInput = Data(token[..<parts[1].endIndex].utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key) else {
            throw Self.invalid
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: payloadData), claims.iss == Self.issuer,
            claims.typ == "access", let accountID = Int64(claims.sub), let session = claims.sid, !session.isEmpty
        else { throw Self.invalid }
        guard clock.nowMilliseconds() / 1000 < claims.exp else { throw APIError.tokenExpired() }
        return Bearer(accountID: accountID, session: session)
    }

    static let invalid = APIError.notAuthenticated("Invalid API key or access token.")
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5), as JWTs use.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// Random opaque tokens (refresh tokens, email links): 256 bits, base64url, stored only as SHA-256.
enum OpaqueToken {
    /// A new random token.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode(Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }

    /// The hex SHA-256 of a token, as stored.
    static func hash(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }
}
