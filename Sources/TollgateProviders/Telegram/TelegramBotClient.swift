/// Calls the Telegram Bot API over the shared transport: `TelegramBotMapping` builds and reads, this only sends.
/// The bot token travels in the path, so the endpoint sends no credential header (`.none`).
public struct TelegramBotClient: Sendable {
    /// Telegram's hosted Bot API server.
    public static let defaultBaseURL = "https://api.telegram.org"

    private let transport: ProviderTransport
    private let endpoint: ProviderEndpoint
    private let token: String

    /// A client for the bot `token`, sending through `transport` to `endpoint` (see `endpoint()`).
    public init(transport: ProviderTransport, endpoint: ProviderEndpoint, token: String) {
        self.transport = transport
        self.endpoint = endpoint
        self.token = token
    }

    /// The endpoint of a Bot API server: no key and no auth header, since the token is in each path.
    public static func endpoint(baseURL: String = defaultBaseURL, proxy: String? = nil) -> ProviderEndpoint {
        ProviderEndpoint(
            providerID: "telegram", baseURL: baseURL, apiKey: nil, auth: .none, proxy: proxy, readTimeoutSeconds: 30)
    }

    /// Calls any Bot API `method` with `params` and decodes its `result` as `type`.
    public func call<P: Encodable, R: Decodable>(_ method: String, _ params: P, as type: R.Type)
        async throws(ProviderFailure) -> R
    {
        try await send(try TelegramBotMapping.request(method, params, token: token), as: type)
    }

    /// A link that opens the Stars invoice (or starts the Star subscription).
    public func createInvoiceLink(_ invoice: TelegramInvoice) async throws(ProviderFailure) -> String {
        try await send(try TelegramBotMapping.createInvoiceLink(invoice, token: token), as: String.self)
    }

    /// Sends the Stars invoice to `chatID`; answers the invoice message.
    @discardableResult
    public func sendInvoice(chatID: Int64, _ invoice: TelegramInvoice) async throws(ProviderFailure)
        -> TelegramMessage
    {
        try await send(
            try TelegramBotMapping.sendInvoice(chatID: chatID, invoice, token: token), as: TelegramMessage.self)
    }

    /// Accepts a checkout, or refuses it with `errorMessage` shown to the user. Due within 10 seconds.
    public func answerPreCheckoutQuery(id: String, ok: Bool, errorMessage: String? = nil)
        async throws(ProviderFailure)
    {
        let request = try TelegramBotMapping.answerPreCheckoutQuery(
            id: id, ok: ok, errorMessage: errorMessage, token: token)
        _ = try await send(request, as: Bool.self)
    }

    /// Returns the Star payment `chargeID` to `userID`.
    public func refundStarPayment(userID: Int64, chargeID: String) async throws(ProviderFailure) {
        let request = try TelegramBotMapping.refundStarPayment(userID: userID, chargeID: chargeID, token: token)
        _ = try await send(request, as: Bool.self)
    }

    /// The bytes of a file a user sent (`getFile`, then the download at `<base>/file/bot<token>/<file_path>`), up
    /// to `maxBytes` (the Bot API serves files of at most 20 MB).
    public func download(fileID: String, maxBytes: Int = 20 << 20) async throws(ProviderFailure) -> [UInt8] {
        let file = try await call("getFile", ["file_id": fileID], as: TelegramFile.self)
        guard let path = file.filePath, !path.contains("..") else {
            throw ProviderFailure(.malformed, "Telegram gave no path for the file.")
        }
        let response = try await transport.fetch(
            "\(endpoint.baseURL)/file/bot\(token)/\(path)", endpoint: endpoint, maxBytes: maxBytes)
        guard (200..<300).contains(response.status) else { throw TelegramBotMapping.failure(response) }
        return response.body
    }

    private func send<R: Decodable>(_ request: UpstreamRequest, as type: R.Type) async throws(ProviderFailure) -> R {
        try TelegramBotMapping.result(try await transport.send(request, to: endpoint), as: type)
    }
}

extension TelegramBotClient {
    /// The bot's own user (`getMe`): the cheapest call that proves the token.
    public func me() async -> ProviderProbe.Outcome {
        struct NoParams: Encodable {}
        struct Bot: Decodable { let username: String? }
        do {
            _ = try await call("getMe", NoParams(), as: Bot.self)
            return .accepted
        } catch {
            if error.kind == .unauthorized { return .refused(status: error.status ?? 401) }
            return .failed(error.description)
        }
    }
}
