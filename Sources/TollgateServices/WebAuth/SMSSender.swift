import TollgateCore
import TollgateProviders

/// Sends the codes of phone registration: `SMSRuSender`, selected by `sms.api_key`. Without one, phone sign-up
/// answers 503 (a code written to a log would reach no user, and a log must not hold it).
public protocol SMSSender: Sendable {
    func send(to phone: String, text: String) async throws
}

/// SMS gateway settings (`sms.*`): SMS.ru's key, its base URL (a fake's in tests) and the sender name.
public struct SMSSettings: Sendable, Equatable {
    public var apiID: Secret
    public var baseURL = SMSRuClient.defaultBaseURL
    /// An approved sender name; SMS.ru's default when nil.
    public var sender: String?

    public init(apiID: Secret) {
        self.apiID = apiID
    }

    static let keys = ["sms.api_key", "sms.base_url", "sms.sender"]

    /// The settings, or nil when no `sms.api_key` is set.
    init?(reader: ConfigurationReader) throws {
        guard let apiID = reader.layers.secret("sms.api_key") else { return nil }
        self.apiID = apiID
        if let url = try reader.string("sms.base_url") {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw ConfigurationError(key: "sms.base_url", message: "must be an http(s) URL")
            }
            baseURL = url
        }
        sender = try reader.string("sms.sender")
    }
}

/// Sends through SMS.ru.
public struct SMSRuSender: SMSSender {
    let client: SMSRuClient

    public init(settings: SMSSettings, transport: ProviderTransport) {
        client = SMSRuClient(
            transport: transport, baseURL: settings.baseURL, apiID: settings.apiID, sender: settings.sender)
    }

    public func send(to phone: String, text: String) async throws {
        try await client.send(to: phone, text: text)
    }
}
