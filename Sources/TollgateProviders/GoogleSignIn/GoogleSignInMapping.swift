import Foundation

/// Google sign-in's two HTTP calls (OpenID Connect): the signing keys (a GET of the JWK set URL, cacheable for
/// its `Cache-Control: max-age`) and the authorization-code exchange (a form POST to the token URL). Each URL is
/// a whole endpoint, so the paths are empty. Pure: requests out, answers in; `GoogleSignInClient` sends them.
public enum GoogleSignInMapping {
    /// `GET <jwks_url>`.
    public static func keysRequest() -> UpstreamRequest {
        UpstreamRequest(method: "GET", path: "")
    }

    /// `POST <token_url>` with `grant_type=authorization_code`.
    public static func exchangeRequest(code: String, redirectURI: String, clientID: String, clientSecret: String)
        -> UpstreamRequest
    {
        FormBody.request(
            path: "",
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                ("client_id", clientID), ("client_secret", clientSecret),
            ])
    }

    /// The key set and how long it may be cached (seconds; 0 when the answer says nothing).
    public static func keys(_ response: UpstreamResponse) throws(ProviderFailure) -> (GoogleKeySet, maxAge: Int) {
        guard response.status == 200 else { throw ProviderFailure.fromStatus(response.status, retryAfter: nil) }
        return (try WireJSON.decode(GoogleKeySet.self, from: response.body), maxAge(response.header("cache-control")))
    }

    /// The ID token of an exchange. A 400 or 401 (a used, expired or foreign code, a redirect URI it was not
    /// issued for) is `.rejected`, naming Google's error code.
    public static func idToken(_ response: UpstreamResponse) throws(ProviderFailure) -> String {
        guard response.status == 200 else {
            guard response.status == 400 || response.status == 401 else {
                throw ProviderFailure.fromStatus(response.status, retryAfter: nil)
            }
            let code = WireJSON.decodeIfPossible(GoogleOAuthError.self, from: response.body)?.error
            let word = code.map { String($0.filter { $0 == "_" || ($0.isASCII && $0.isLetter) }.prefix(40)) }
            throw ProviderFailure(.rejected, "Google refused the authorization code (\(word ?? "error")).")
        }
        guard let token = try WireJSON.decode(GoogleTokenAnswer.self, from: response.body).idToken, !token.isEmpty
        else { throw ProviderFailure(.malformed, "Google's token answer has no id_token.") }
        return token
    }

    /// `max-age` of a `Cache-Control` value, in seconds; 0 when absent or unreadable.
    static func maxAge(_ cacheControl: String?) -> Int {
        for directive in (cacheControl ?? "").split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "max-age", let seconds = Int(parts[1]), seconds >= 0 {
                return seconds
            }
        }
        return 0
    }
}
