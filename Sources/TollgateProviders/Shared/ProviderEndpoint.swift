import TollgateCore

/// Where and how to reach one provider: its base URL (or an egress relay in front of it), the key,
/// an optional HTTP(S) proxy and timeouts. Built by the composition root from configuration.
public struct ProviderEndpoint: Sendable, Equatable {
    /// How the key is sent.
    public enum Auth: Sendable, Equatable {
        /// `Authorization: Bearer <key>` (OpenAI, DeepSeek, xAI, Replicate, Luma).
        case bearer
        /// The key in a named header (`x-api-key` for Anthropic, `x-goog-api-key` for Gemini, `xi-api-key` for ElevenLabs).
        case header(String)
        /// HTTP Basic: `Authorization: Basic base64(<username>:<key>)` (YooKassa: the shop id and the secret key).
        case basic(username: String)
        /// No credential header: the caller puts it elsewhere (Telegram's bot token travels in the path).
        case none
    }

    public var providerID: String
    /// e.g. `https://api.openai.com`; no trailing slash.
    public var baseURL: String
    public var apiKey: Secret?
    public var auth: Auth
    /// `host:port` of an HTTP(S) proxy.
    public var proxy: String?
    public var connectTimeoutSeconds: Double
    /// Longest wait for a whole buffered answer, or between two chunks of a stream.
    public var readTimeoutSeconds: Double

    public init(
        providerID: String, baseURL: String, apiKey: Secret?, auth: Auth, proxy: String? = nil,
        connectTimeoutSeconds: Double = 10, readTimeoutSeconds: Double = 120
    ) {
        self.providerID = providerID
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.auth = auth
        self.proxy = proxy
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.readTimeoutSeconds = readTimeoutSeconds
    }
}
