import TollgateCore

/// Sends SMS through SMS.ru over the shared transport: `SMSRuMapping` builds and reads, this only sends. The
/// key travels as the `api_id` form field, so the endpoint sends no credential header.
public struct SMSRuClient: Sendable {
    /// SMS.ru's API.
    public static let defaultBaseURL = "https://sms.ru"

    private let transport: ProviderTransport
    private let endpoint: ProviderEndpoint
    private let apiID: Secret
    private let sender: String?

    public init(transport: ProviderTransport, baseURL: String, apiID: Secret, sender: String?) {
        self.transport = transport
        endpoint = ProviderEndpoint(
            providerID: "smsru", baseURL: baseURL, apiKey: nil, auth: .none, readTimeoutSeconds: 20)
        self.apiID = apiID
        self.sender = sender
    }

    /// Sends `text` to `phone` (E.164); answers SMS.ru's message id.
    @discardableResult
    public func send(to phone: String, text: String) async throws(ProviderFailure) -> String {
        let request = SMSRuMapping.send(to: phone, text: text, apiID: apiID.revealed, sender: sender)
        return try SMSRuMapping.messageID(try await transport.send(request, to: endpoint), phone: phone)
    }
}
