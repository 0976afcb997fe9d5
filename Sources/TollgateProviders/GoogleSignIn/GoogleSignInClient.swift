import TollgateCore

/// Calls Google's sign-in endpoints over the shared transport: `GoogleSignInMapping` builds and reads, this only
/// sends. Two endpoints, as Google serves keys and tokens from different hosts.
public struct GoogleSignInClient: Sendable {
    /// Google's published ID-token signing keys.
    public static let defaultKeysURL = "https://www.googleapis.com/oauth2/v3/certs"
    /// Google's OAuth 2.0 token endpoint.
    public static let defaultTokenURL = "https://oauth2.googleapis.com/token"

    private let transport: ProviderTransport
    private let keysEndpoint: ProviderEndpoint
    private let tokenEndpoint: ProviderEndpoint

    public init(transport: ProviderTransport, keysURL: String, tokenURL: String) {
        self.transport = transport
        keysEndpoint = ProviderEndpoint(
            providerID: "google_signin", baseURL: keysURL, apiKey: nil, auth: .none, readTimeoutSeconds: 15)
        tokenEndpoint = ProviderEndpoint(
            providerID: "google_signin", baseURL: tokenURL, apiKey: nil, auth: .none, readTimeoutSeconds: 15)
    }

    /// The current signing keys and how many seconds they may be cached.
    public func keys() async throws(ProviderFailure) -> (GoogleKeySet, maxAge: Int) {
        try GoogleSignInMapping.keys(try await transport.send(GoogleSignInMapping.keysRequest(), to: keysEndpoint))
    }

    /// Exchanges an authorization code for its ID token (unverified: the caller checks it like any other).
    public func idToken(code: String, redirectURI: String, clientID: String, clientSecret: Secret)
        async throws(ProviderFailure) -> String
    {
        let request = GoogleSignInMapping.exchangeRequest(
            code: code, redirectURI: redirectURI, clientID: clientID, clientSecret: clientSecret.revealed)
        return try GoogleSignInMapping.idToken(try await transport.send(request, to: tokenEndpoint))
    }
}
