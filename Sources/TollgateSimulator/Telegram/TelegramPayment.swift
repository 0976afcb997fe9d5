/// A user paying an invoice, as `POST /telegram/_sim/pay` describes it.
struct TelegramPayment: Sendable {
    var token: String
    /// The invoice's link, the id in it, or its payload.
    var invoice: String
    var userID: Int
    var chatID: Int
    var firstName: String
    var languageCode: String
    /// A renewal of a subscription: charged with no pre-checkout query, as Telegram renews.
    var recurring: Bool
    /// How long the bot has to answer the pre-checkout query (Telegram: 10 s).
    var answerTimeoutMs: Int

    /// Reads `{"token", "invoice", "user_id"?, "chat_id"?, "first_name"?, "language_code"?, "recurring"?,
    /// "answer_timeout_ms"?}`.
    init?(_ json: AnyJSON) {
        guard let token = json["token"]?.stringValue, let invoice = json["invoice"]?.stringValue else { return nil }
        self.token = token
        self.invoice = invoice
        userID = json["user_id"]?.intValue ?? 42
        chatID = json["chat_id"]?.intValue ?? userID
        firstName = json["first_name"]?.stringValue ?? "Sim"
        languageCode = json["language_code"]?.stringValue ?? "en"
        recurring = json["recurring"]?.boolValue ?? false
        answerTimeoutMs = min(max(json["answer_timeout_ms"]?.intValue ?? 10_000, 0), 60_000)
    }
}

/// What `POST /telegram/_sim/pay` reports: whether the bot answered the pre-checkout query and how,
/// the charge id when the payment went through, and every update delivery.
struct TelegramPaymentOutcome: Encodable, Sendable {
    var answered = false
    var ok = false
    var errorMessage = OrNull<String>(nil)
    var preCheckoutQueryID = OrNull<String>(nil)
    var chargeID = OrNull<String>(nil)
    var deliveries: [TelegramSimulation.Delivery] = []

    enum CodingKeys: String, CodingKey {
        case answered, ok, deliveries
        case errorMessage = "error_message"
        case preCheckoutQueryID = "pre_checkout_query_id"
        case chargeID = "charge_id"
    }
}
