import TollgateCore

/// The Telegram Bot API: `POST /bot<token>/<method>` with a JSON body, answered with the `{ok, result}` envelope;
/// and the updates its webhook delivers. Pure: requests out, answers in; `TelegramBotClient` sends them.
/// The token is a secret: it is put in the path and nowhere else, never in a failure's message.
public enum TelegramBotMapping {
    /// Longest invoice payload, in bytes.
    static let maxPayloadBytes = 128
    /// Highest price of a Star subscription.
    static let maxSubscriptionStars: Int64 = 10_000

    /// A call of `method` with `params` as its JSON body.
    public static func request(_ method: String, _ params: some Encodable, token: String) throws(ProviderFailure)
        -> UpstreamRequest
    {
        guard !method.isEmpty, method.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ProviderFailure(.rejected, "The Bot API method name is not valid.")
        }
        return UpstreamRequest(path: try botPath(token: token) + "/" + method, body: try WireJSON.encode(params))
    }

    /// `createInvoiceLink`: a link to pay a Stars invoice (or start a Star subscription); answers the URL.
    public static func createInvoiceLink(_ invoice: TelegramInvoice, token: String) throws(ProviderFailure)
        -> UpstreamRequest
    {
        try validate(invoice)
        if let period = invoice.subscriptionPeriod {
            guard period == TelegramInvoice.subscriptionPeriod30Days else {
                throw ProviderFailure(.rejected, "A Star subscription's period must be 30 days.")
            }
            guard invoice.prices[0].amount <= maxSubscriptionStars else {
                throw ProviderFailure(.rejected, "A Star subscription costs at most 10000 Stars.")
            }
        }
        return try request("createInvoiceLink", invoice, token: token)
    }

    /// `sendInvoice`: a Stars invoice as a message in `chatID`; answers the message.
    public static func sendInvoice(chatID: Int64, _ invoice: TelegramInvoice, token: String) throws(ProviderFailure)
        -> UpstreamRequest
    {
        try validate(invoice)
        guard invoice.subscriptionPeriod == nil else {
            throw ProviderFailure(.rejected, "Only an invoice link can start a Star subscription.")
        }
        return try request("sendInvoice", TelegramSendInvoiceParams(chatID: chatID, invoice: invoice), token: token)
    }

    /// `answerPreCheckoutQuery`: accept, or refuse with a message shown to the user; answers `true`.
    public static func answerPreCheckoutQuery(id: String, ok: Bool, errorMessage: String?, token: String)
        throws(ProviderFailure) -> UpstreamRequest
    {
        guard ok || !(errorMessage ?? "").isEmpty else {
            throw ProviderFailure(.rejected, "Refusing a pre-checkout query needs an error message.")
        }
        let params = TelegramAnswerPreCheckoutQueryParams(
            preCheckoutQueryID: id, ok: ok, errorMessage: ok ? nil : errorMessage)
        return try request("answerPreCheckoutQuery", params, token: token)
    }

    /// `refundStarPayment`: returns a Star payment to the user; answers `true`.
    public static func refundStarPayment(userID: Int64, chargeID: String, token: String) throws(ProviderFailure)
        -> UpstreamRequest
    {
        guard !chargeID.isEmpty else { throw ProviderFailure(.rejected, "The payment charge id is empty.") }
        let params = TelegramRefundStarPaymentParams(userID: userID, telegramPaymentChargeID: chargeID)
        return try request("refundStarPayment", params, token: token)
    }

    /// The `result` of an answer, decoded as `type`; a refusal throws its failure. A user who blocked the bot
    /// is `.rejected` with status 403; a 429 carries `retry_after`.
    public static func result<T: Decodable>(_ response: UpstreamResponse, as type: T.Type) throws(ProviderFailure)
        -> T
    {
        guard (200..<300).contains(response.status) else { throw failure(response) }
        let envelope = try WireJSON.decode(TelegramBotResponse<T>.self, from: response.body)
        guard envelope.ok else { throw failure(response) }
        guard let result = envelope.result else {
            throw ProviderFailure(.malformed, "The Bot API answer has no result.")
        }
        return result
    }

    /// A webhook request's body as an update.
    public static func parseUpdate(_ body: [UInt8]) throws(ProviderFailure) -> TelegramUpdate {
        try WireJSON.decode(TelegramUpdate.self, from: body)
    }

    /// The failure an `ok: false` answer (or a non-2xx one without the envelope) stands for.
    public static func failure(_ response: UpstreamResponse) -> ProviderFailure {
        let envelope = WireJSON.decodeIfPossible(TelegramBotResponse<JSONValue>.self, from: response.body)
        let code = envelope?.errorCode ?? response.status
        let description = envelope?.description.map(oneLine).flatMap { $0.isEmpty ? nil : $0 }
        switch code {
        case 429:
            let retryAfter =
                envelope?.parameters?.retryAfter.map(Double.init)
                ?? response.header("retry-after").flatMap(Double.init)
            return ProviderFailure(
                .rateLimited, "Telegram is rate limiting the bot.", status: 429, retryAfter: retryAfter)
        case 403:
            // Blocked by the user, kicked from the group, or the user is deactivated: the chat is unreachable.
            return ProviderFailure(
                .rejected, "Telegram refused to reach the chat (\(description ?? "Forbidden")).", status: 403)
        case 401, 404:
            // A revoked token answers 401; a malformed token (or an unknown method) answers 404 `Not Found`.
            return ProviderFailure(.unauthorized, "Telegram did not accept the bot token.", status: code)
        case 400..<500:
            return ProviderFailure(
                .rejected, "Telegram rejected the request (\(description ?? "HTTP \(code)")).", status: code)
        case 500..<600:
            return ProviderFailure(.upstreamError, "Telegram failed (HTTP \(code)).", status: code)
        default:
            // `ok: false` on a 2xx with no code: nothing says more.
            return ProviderFailure(.upstreamError, "Telegram failed the request.", status: response.status)
        }
    }

    // MARK: - Pieces

    /// `/bot<token>`, the token checked to be `<digits>:<letters, digits, _ or ->` so it cannot change the path.
    static func botPath(token: String) throws(ProviderFailure) -> String {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[0].allSatisfy { $0.isASCII && $0.isNumber }
            && !parts[1].isEmpty
            && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard valid else { throw ProviderFailure(.unauthorized, "The bot token is not valid.") }
        return "/bot" + token
    }

    /// A description on one line (whitespace runs collapsed) of at most 200 characters.
    static func oneLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count <= 200 ? line : String(line.prefix(199)) + "…"
    }

    /// The Bot API's limits for a Stars invoice (text lengths in UTF-16 units, as Telegram counts them).
    static func validate(_ invoice: TelegramInvoice) throws(ProviderFailure) {
        guard (1...32).contains(invoice.title.utf16.count) else {
            throw ProviderFailure(.rejected, "An invoice title must be 1–32 characters.")
        }
        guard (1...255).contains(invoice.description.utf16.count) else {
            throw ProviderFailure(.rejected, "An invoice description must be 1–255 characters.")
        }
        guard (1...maxPayloadBytes).contains(invoice.payload.utf8.count) else {
            throw ProviderFailure(.rejected, "An invoice payload must be 1–128 bytes.")
        }
        guard invoice.currency == "XTR", invoice.prices.count == 1, invoice.prices[0].amount > 0 else {
            throw ProviderFailure(.rejected, "A Stars invoice needs exactly one positive price in XTR.")
        }
    }
}
