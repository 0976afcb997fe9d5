import Crypto
import Foundation
import TollgateCore
import TollgateProviders
import _CryptoExtras

/// Who a verified Google ID token names.
public struct GoogleIdentity: Sendable, Equatable {
    /// Google's stable account id (`sub`).
    public var subject: String
    public var email: String?
    public var emailVerified: Bool
    public var name: String?
    public var picture: String?
}

/// Checks a Google ID token (OpenID Connect, RS256) as Google documents: the signature against one of its
/// published keys (by `kid`), `iss` Google's, `aud` one of this server's client ids, `exp` not passed and `iat`
/// not in the future (a minute of clock skew each way). Pure: keys and time are given.
enum GoogleIDToken {
    static let issuers: Set<String> = ["accounts.google.com", "https://accounts.google.com"]
    static let skewSeconds: Int64 = 60

    struct Header: Decodable {
        var alg: String
        var kid: String?
    }

    struct Claims: Decodable {
        var iss: String
        var aud: String
        var sub: String
        var exp: Int64
        var iat: Int64?
        var email: String?
        var emailVerified: Bool?
        var name: String?
        var picture: String?

        enum CodingKeys: String, CodingKey {
            case iss, aud, sub, exp, iat, email, name, picture
            case emailVerified = "email_verified"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            iss = try container.decode(String.self, forKey: .iss)
            aud = try container.decode(String.self, forKey: .aud)
            sub = try container.decode(String.self, forKey: .sub)
            exp = try container.decode(Int64.self, forKey: .exp)
            iat = try container.decodeIfPresent(Int64.self, forKey: .iat)
            email = try container.decodeIfPresent(String.self, forKey: .email)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            picture = try container.decodeIfPresent(String.self, forKey: .picture)
            // Google sends a boolean; some older tokens carried the string "true".
            if let flag = try? container.decodeIfPresent(Bool.self, forKey: .emailVerified) {
                emailVerified = flag
            } else {
                emailVerified = (try? container.decodeIfPresent(String.self, forKey: .emailVerified)) == "true"
            }
        }
    }

    /// The parts of a token: its header, the signing input and signature, and its claims' bytes.
    struct Parts {
        var header: Header
        var signingInput: Data
        var signature: Data
        var payload: Data
    }

    static let invalid = APIError.notAuthenticated("The Google sign-in token is invalid.")
    static let expired = APIError.notAuthenticated("The Google sign-in token has expired; sign in with Google again.")

    /// The token's pieces, or 401 when it is not a JWT signed with RS256.
    static func parts(_ token: String) throws -> Parts {
        let pieces = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 8192, pieces.count == 3, let headerData = Base64URL.decode(pieces[0]),
            let payload = Base64URL.decode(pieces[1]), let signature = Base64URL.decode(pieces[2]),
            let header = try? JSONDecoder().decode(Header.self, from: headerData), header.alg == "RS256"
        else { throw invalid }
        return Parts(
            header: header, signingInput: Data(token[..<pieces[1].endIndex].utf8), signature: signature,
            payload: payload)
    }

    /// The identity a token names, checked against `keys` (the set holding its `kid`), `audiences` and `now`.
    static func verify(_ parts: Parts, keys: GoogleKeySet, audiences: Set<String>, nowSeconds: Int64) throws
        -> GoogleIdentity
    {
        guard let jwk = keys.keys.first(where: { $0.kid == parts.header.kid && $0.kty == "RSA" }),
            let modulus = Base64URL.decode(Substring(jwk.n)), let exponent = Base64URL.decode(Substring(jwk.e)),
            let key = try? _RSA.Signing.PublicKey(n: modulus, e: exponent),
            key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: parts.signature),
                for: SHA256.hash(data: parts.signingInput),
                padding: .insecurePKCS1v1_5)
        else { throw invalid }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: parts.payload), issuers.contains(claims.iss),
            audiences.contains(claims.aud), !claims.sub.isEmpty, claims.sub.count <= 255
        else { throw invalid }
        guard nowSeconds < claims.exp + skewSeconds else { throw expired }
        if let issued = claims.iat, issued > nowSeconds + skewSeconds { throw invalid }
        return GoogleIdentity(
            subject: claims.sub, email: claims.email?.lowercased(), emailVerified: claims.emailVerified ?? false,
            name: claims.name, picture: claims.picture)
    }
}
