/// Google's published signing keys (`https://www.googleapis.com/oauth2/v3/certs`, a JWK set).
public struct GoogleKeySet: Decodable, Sendable, Equatable {
    public var keys: [GoogleKey]

    public init(keys: [GoogleKey]) {
        self.keys = keys
    }
}

/// One RSA key of the set: its id and its modulus and exponent, base64url without padding.
public struct GoogleKey: Decodable, Sendable, Equatable {
    public var kid: String
    public var kty: String
    public var alg: String?
    public var n: String
    public var e: String

    public init(kid: String, kty: String = "RSA", alg: String? = "RS256", n: String, e: String) {
        self.kid = kid
        self.kty = kty
        self.alg = alg
        self.n = n
        self.e = e
    }
}

/// The answer of Google's token endpoint to an authorization-code exchange (only the ID token is used).
struct GoogleTokenAnswer: Decodable {
    var idToken: String?

    enum CodingKeys: String, CodingKey {
        case idToken = "id_token"
    }
}

/// Google's OAuth error body: `{"error": "invalid_grant", "error_description": "Bad Request"}`.
struct GoogleOAuthError: Decodable {
    var error: String?
}
