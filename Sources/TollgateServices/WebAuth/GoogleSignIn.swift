import Foundation
import Synchronization
import TollgateCore
import TollgateProviders

/// Google sign-in settings (`google.*`): the OAuth client ids whose ID tokens this server accepts (the web
/// client's first: the code exchange uses it), the client secret the code exchange needs, and Google's key and
/// token URLs (a fake's in tests).
public struct GoogleSignInSettings: Sendable, Equatable {
    public var clientIDs: [String]
    public var clientSecret: Secret?
    public var keysURL = GoogleSignInClient.defaultKeysURL
    public var tokenURL = GoogleSignInClient.defaultTokenURL

    public init(clientIDs: [String]) {
        self.clientIDs = clientIDs
    }

    static let keys = ["google.client_id", "google.client_secret", "google.keys_url", "google.token_url"]

    /// The settings, or nil when no `google.client_id` is set.
    init?(reader: ConfigurationReader) throws {
        guard let ids = try reader.string("google.client_id") else { return nil }
        clientIDs = ids.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !clientIDs.isEmpty else {
            throw ConfigurationError(key: "google.client_id", message: "must name at least one client id")
        }
        clientSecret = reader.layers.secret("google.client_secret")
        for (key, keyPath) in [("google.keys_url", \Self.keysURL), ("google.token_url", \Self.tokenURL)] {
            guard let url = try reader.string(key) else { continue }
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw ConfigurationError(key: key, message: "must be an http(s) URL")
            }
            self[keyPath: keyPath] = url
        }
    }
}

/// Proves a Google identity: verifies ID tokens against Google's keys (cached for their `max-age`, fetched again
/// at once for an unknown `kid` — Google rotates keys — but at most once a minute) and exchanges authorization
/// codes for them.
public final class GoogleSignIn: Sendable {
    let settings: GoogleSignInSettings
    let client: GoogleSignInClient
    let clock: any WallClock
    private let cache = Mutex<Cached?>(nil)

    struct Cached {
        var keys: GoogleKeySet
        var fetchedAt: Int64
        var expiresAt: Int64
    }

    /// Shortest wait between two fetches of the key set.
    static let refetchMilliseconds: Int64 = 60_000

    public init(settings: GoogleSignInSettings, transport: ProviderTransport, clock: any WallClock) {
        self.settings = settings
        client = GoogleSignInClient(transport: transport, keysURL: settings.keysURL, tokenURL: settings.tokenURL)
        self.clock = clock
    }

    /// The identity a client-side ID token names.
    func identity(idToken: String) async throws -> GoogleIdentity {
        let parts = try GoogleIDToken.parts(idToken)
        let keys = try await keys(holding: parts.header.kid)
        return try GoogleIDToken.verify(
            parts, keys: keys, audiences: Set(settings.clientIDs), nowSeconds: clock.nowMilliseconds() / 1000)
    }

    /// The identity an authorization code stands for: exchanged at Google's token endpoint for an ID token,
    /// which is then checked like any other.
    func identity(code: String, redirectURI: String) async throws -> GoogleIdentity {
        guard let secret = settings.clientSecret else {
            throw APIError(
                code: "not_configured", message: "Google sign-in with an authorization code is not configured.",
                status: 503, side: .gateway)
        }
        let token: String
        do {
            token = try await client.idToken(
                code: code, redirectURI: redirectURI, clientID: settings.clientIDs[0], clientSecret: secret)
        } catch let failure where failure.kind == .rejected {
            throw APIError.notAuthenticated("Google refused the authorization code; sign in with Google again.")
        } catch {
            throw Self.unreachable
        }
        return try await identity(idToken: token)
    }

    /// The cached key set when it is fresh and holds `kid`; else a fetched one (the stale set when the fetch
    /// fails or was made too recently).
    func keys(holding kid: String?) async throws -> GoogleKeySet {
        let now = clock.nowMilliseconds()
        let cached = cache.withLock { $0 }
        if let cached, now < cached.expiresAt, cached.keys.keys.contains(where: { $0.kid == kid }) {
            return cached.keys
        }
        if let cached, now - cached.fetchedAt < Self.refetchMilliseconds { return cached.keys }
        do {
            let (keys, maxAge) = try await client.keys()
            // Without a max-age, an hour; never more than a day.
            let lifetime = Int64(min(maxAge > 0 ? maxAge : 3600, 86_400)) * 1000
            cache.withLock { $0 = Cached(keys: keys, fetchedAt: now, expiresAt: now + lifetime) }
            return keys
        } catch {
            if let cached { return cached.keys }
            throw Self.unreachable
        }
    }

    static let unreachable = APIError(
        code: "sign_in_provider_error", message: "Google could not be reached to check the sign-in; try again.",
        status: 502,
        side: .provider)
}
