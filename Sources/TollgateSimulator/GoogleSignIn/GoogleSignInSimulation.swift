import Crypto
import Foundation
import Hummingbird
import _CryptoExtras

/// Google's sign-in side, faithful to its wire format: the JWK set of its ID-token keys
/// (`GET /google-oauth/oauth2/v3/certs`, `Cache-Control: max-age`) and the token endpoint's authorization-code
/// exchange (`POST /google-oauth/token`, a form; `invalid_grant` for a used, unknown or mismatched code). ID tokens
/// are RS256 JWTs signed with one of two keys made once per process. The test side mints tokens and codes
/// (`POST /google-oauth/_sim/id-token`, `POST /google-oauth/_sim/code`), rotates the key
/// (`POST /google-oauth/_sim/rotate`) and counts calls (`GET /google-oauth/_sim/calls`).
struct GoogleSignInSimulation: Sendable {
    struct SigningKey: Sendable {
        let key: _RSA.Signing.PrivateKey
        let kid: String
    }

    struct Code: Sendable {
        var claims: [String: AnyJSON]
        var clientID: String
        var redirectURI: String
    }

    struct Book: Sendable {
        /// Which of the process's two keys signs (the rotate route switches), and its generation (in the `kid`).
        var active = 0
        var generation = 1
        var codes: [String: Code] = [:]
        var keyFetches = 0
        var exchanges = 0
    }

    let book = LockedState(Book())

    /// Two RSA keys for every simulator of the process, made once on a thread of their own: making one takes
    /// seconds in a debug build, and on the two threads of the concurrency pool it stalled every other test.
    static let keyPair = Task { () async throws -> [_RSA.Signing.PrivateKey] in
        try await withCheckedThrowingContinuation { done in
            Thread {
                done.resume(with: Result { [try .init(keySize: .bits2048), try .init(keySize: .bits2048)] })
            }.start()
        }
    }

    /// The signing key now.
    func currentKeys() async throws -> [SigningKey] {
        let pair = try await Self.keyPair.value
        return book.withLock { [SigningKey(key: pair[$0.active], kid: "sim-google-key-\($0.generation)")] }
    }

    func add(to router: Router<BasicRequestContext>) {
        router.get("google-oauth/oauth2/v3/certs") { _, _ in
            let keys = try await currentKeys()
            book.withLock { $0.keyFetches += 1 }
            let set = AnyJSON.object(["keys": .array(keys.compactMap(Self.jwk))])
            var response = Self.json(set)
            response.headers[.cacheControl] = "public, max-age=21600, must-revalidate, no-transform"
            return response
        }
        router.post("google-oauth/token") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            let fields = Dictionary(
                URLEncodedForm.fields(String(buffer: body)).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }
            )
            guard let clientID = fields["client_id"], !clientID.isEmpty, fields["client_secret"]?.isEmpty == false
            else {
                return Self.oauthError("invalid_client", "The OAuth client was not found.", status: .unauthorized)
            }
            guard fields["grant_type"] == "authorization_code", let code = fields["code"] else {
                return Self.oauthError("invalid_request", "Missing required parameter: code", status: .badRequest)
            }
            let issued = book.withLock {
                $0.exchanges += 1
                return $0.codes.removeValue(forKey: code)
            }
            guard let issued, issued.clientID == clientID, issued.redirectURI == fields["redirect_uri"] else {
                return Self.oauthError("invalid_grant", "Bad Request", status: .badRequest)
            }
            guard let token = await sign(issued.claims, kid: nil) else {
                return Self.oauthError("server_error", "signing failed", status: .internalServerError)
            }
            return Self.json(
                AnyJSON.object([
                    "access_token": .string("ya29.sim-" + UUID().uuidString), "expires_in": .int(3599),
                    "id_token": .string(token), "scope": .string("openid email profile"),
                    "token_type": .string("Bearer"),
                ]))
        }
        addTestRoutes(to: router)
    }

    func addTestRoutes(to router: Router<BasicRequestContext>) {
        router.post("google-oauth/_sim/id-token") { request, _ in
            guard let fields = try await TelegramSimulation.jsonBody(request)?.objectValue else {
                return Self.json(SimRouteError(error: "the body must be a JSON object"), status: .badRequest)
            }
            guard let token = await sign(Self.claims(fields), kid: fields["kid"]?.stringValue) else {
                return Self.json(SimRouteError(error: "no such kid"), status: .badRequest)
            }
            return Self.json(AnyJSON.object(["id_token": .string(token)]))
        }
        router.post("google-oauth/_sim/code") { request, _ in
            guard let fields = try await TelegramSimulation.jsonBody(request)?.objectValue,
                let clientID = fields["aud"]?.stringValue, let redirect = fields["redirect_uri"]?.stringValue
            else {
                return Self.json(SimRouteError(error: "aud and redirect_uri are required"), status: .badRequest)
            }
            let code = "4/sim-" + UUID().uuidString
            book.withLock {
                $0.codes[code] = Code(claims: Self.claims(fields), clientID: clientID, redirectURI: redirect)
            }
            return Self.json(AnyJSON.object(["code": .string(code)]))
        }
        router.post("google-oauth/_sim/rotate") { _, _ in
            let kid = book.withLock { book -> String in
                book.active = 1 - book.active
                book.generation += 1
                return "sim-google-key-\(book.generation)"
            }
            return Self.json(AnyJSON.object(["kid": .string(kid)]))
        }
        router.get("google-oauth/_sim/calls") { _, _ in
            Self.json(
                book.withLock {
                    AnyJSON.object(["key_fetches": .int($0.keyFetches), "exchanges": .int($0.exchanges)])
                })
        }
    }

    /// The claims of an ID token from a test's fields: Google's issuer, an hour's lifetime from now, and what the
    /// test gives (`sub`, `email`, `email_verified`, `name`, `picture`, `aud`; `iss`, `exp`, `iat` to override).
    static func claims(_ fields: [String: AnyJSON]) -> [String: AnyJSON] {
        let now = Int(Date().timeIntervalSince1970)
        var claims: [String: AnyJSON] = [
            "iss": .string("https://accounts.google.com"), "iat": .int(now), "exp": .int(now + 3600),
            "azp": fields["aud"] ?? .null,
        ]
        for (name, value) in fields where !["kid", "redirect_uri"].contains(name) { claims[name] = value }
        return claims
    }

    /// A JWT of `claims`, RS256 with the key `kid` (the current key when nil); nil for an unknown kid.
    func sign(_ claims: [String: AnyJSON], kid: String?) async -> String? {
        guard let keys = try? await currentKeys(),
            let signing = kid.map({ kid in keys.first { $0.kid == kid } }) ?? keys.last
        else { return nil }
        let header = AnyJSON.object(["alg": .string("RS256"), "kid": .string(signing.kid), "typ": .string("JWT")])
        let input =
            Self.base64URL(Data(buffer: WireJSON.buffer(header))) + "."
            + Self.base64URL(Data(buffer: WireJSON.buffer(AnyJSON.object(claims))))
        guard
            let signature = try? signing.key.signature(
                for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        else { return nil }
        return input + "." + Self.base64URL(signature.rawRepresentation)
    }

    /// The public half of a key as a JWK.
    static func jwk(_ signing: SigningKey) -> AnyJSON? {
        guard let primitives = try? signing.key.publicKey.getKeyPrimitives() else { return nil }
        return .object([
            "kid": .string(signing.kid), "kty": .string("RSA"), "alg": .string("RS256"), "use": .string("sig"),
            "n": .string(base64URL(primitives.modulus)), "e": .string(base64URL(primitives.publicExponent)),
        ])
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func oauthError(_ code: String, _ description: String, status: HTTPResponse.Status) -> Response {
        json(AnyJSON.object(["error": .string(code), "error_description": .string(description)]), status: status)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: WireJSON.buffer(value))
        )
    }
}
