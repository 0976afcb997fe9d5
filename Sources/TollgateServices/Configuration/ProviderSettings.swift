import TollgateCore

/// One provider's settings: where to reach it (its public API, or a relay such as a Cloudflare Worker),
/// its key (a secret: environment only), an optional HTTP(S) proxy and timeouts.
public struct ProviderSettings: Sendable, Equatable {
    public var baseURL: String?
    public var apiKey: Secret?
    public var proxy: String?
    public var connectTimeoutSeconds: Double = 10
    public var readTimeoutSeconds: Double = 120

    /// The setting names under `providers.<id>.`.
    static let keys = ["base_url", "api_key", "proxy", "connect_timeout", "read_timeout"]

    public init(baseURL: String? = nil, apiKey: String? = nil, proxy: String? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey.map { Secret($0) }
        self.proxy = proxy
    }

    init(id: String, reader: ConfigurationReader) throws {
        let prefix = "providers.\(id)."
        baseURL = try reader.string(prefix + "base_url")
        if let url = baseURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ConfigurationError(key: prefix + "base_url", message: "must be an http(s) URL")
        }
        apiKey = reader.layers.secret(prefix + "api_key")
        proxy = try reader.string(prefix + "proxy")
        connectTimeoutSeconds = try reader.double(prefix + "connect_timeout", in: 0.1...600) ?? connectTimeoutSeconds
        readTimeoutSeconds = try reader.double(prefix + "read_timeout", in: 0.1...3600) ?? readTimeoutSeconds
    }
}
