import Foundation

/// Everything the Telegram fake remembers, per bot token and across bots: webhooks, recorded calls,
/// invoices, pre-checkout queries, charges and knobs. Plain value moves; the routes hold it behind a
/// lock and do the I/O (webhook deliveries) after.
struct TelegramState: Sendable {
    /// Where a bot's updates go.
    struct Webhook: Sendable {
        var url: String
        var secretToken: String?
        var maxConnections = 40
        var lastErrorDate: Int?
        var lastErrorMessage: String?
    }

    /// A call as recorded for `GET /telegram/_sim/calls`.
    struct RecordedCall: Encodable, Sendable {
        var method: String
        var params: AnyJSON
        var ok: Bool
        var errorCode: Int?
        /// `webhook_reply` for a method the webhook answered its update with.
        var via: String?

        enum CodingKeys: String, CodingKey {
            case method, params, ok, via
            case errorCode = "error_code"
        }
    }

    /// One bot's state.
    struct Bot: Sendable {
        var webhook: Webhook?
        /// Kept across `setWebhook` calls that omit it, as the Bot API does.
        var allowedUpdates: [String]?
        var calls: [RecordedCall] = []
        var lastUpdateID = 0
        var lastMessageID = 0
        var commands = AnyJSON.array([])
        var invoices: [TelegramInvoice] = []
    }

    /// Where a pre-checkout query stands.
    enum Answer: Sendable, Equatable {
        case waiting
        case answered(ok: Bool, errorMessage: String?)
        case expired
    }

    /// A completed Stars payment.
    struct Charge: Sendable {
        var token: String
        var userID: Int
        var chatID: Int
        var invoice: TelegramInvoice
        var refunded = false
    }

    /// Update kinds a webhook gets when `allowed_updates` is empty or unset.
    static let notByDefault: Set<String> = ["chat_member", "message_reaction", "message_reaction_count"]

    var bots: [String: Bot] = [:]
    var knobs = TelegramKnobs()
    var queries: [String: (token: String, answer: Answer)] = [:]
    var charges: [String: Charge] = [:]
    var invoiceCount = 0
    var sequence = 0

    /// The next update id of `token` (ids increase per bot); `given` ids move the counter on.
    mutating func updateID(_ token: String, given: Int? = nil) -> Int {
        let id = given ?? bots[token, default: Bot()].lastUpdateID + 1
        bots[token, default: Bot()].lastUpdateID = max(bots[token, default: Bot()].lastUpdateID, id)
        return id
    }

    /// The next message id of `token`.
    mutating func messageID(_ token: String) -> Int {
        bots[token, default: Bot()].lastMessageID += 1
        return bots[token, default: Bot()].lastMessageID
    }

    /// A fresh number for ids.
    mutating func next() -> Int {
        sequence += 1
        return sequence
    }

    /// Whether `token`'s webhook takes updates of `kind`.
    func allows(_ kind: String, token: String) -> Bool {
        guard let allowed = bots[token]?.allowedUpdates, !allowed.isEmpty else {
            return !Self.notByDefault.contains(kind)
        }
        return allowed.contains(kind)
    }

    /// Records `call` and how it ended.
    mutating func record(_ call: TelegramCall, error: TelegramError?, via: String? = nil) {
        bots[call.token, default: Bot()].calls.append(
            RecordedCall(
                method: call.method, params: .object(call.params), ok: error == nil, errorCode: error?.code, via: via))
    }

    /// Remembers `invoice` of `token`.
    mutating func addInvoice(_ invoice: TelegramInvoice, token: String) {
        bots[token, default: Bot()].invoices.append(invoice)
    }

    /// `token`'s invoice named by its link, the id in the link, or its payload (the newest one wins).
    func invoice(_ name: String, token: String) -> TelegramInvoice? {
        let invoices = bots[token]?.invoices ?? []
        return invoices.last { $0.link == name || $0.link?.hasSuffix("/" + name) == true }
            ?? invoices.last { $0.payload == name }
    }

    /// Records the bot's answer to query `id`; refuses an unknown, answered or expired query.
    mutating func answer(query id: String, token: String, ok: Bool, errorMessage: String?) throws(TelegramError) {
        guard let query = queries[id], query.token == token, query.answer == .waiting else {
            throw .badRequest("query is too old and response timeout expired or query ID is invalid")
        }
        queries[id]?.answer = .answered(ok: ok, errorMessage: errorMessage)
    }

    /// Marks charge `id` refunded; refuses an unknown charge, another user's, or a second refund.
    mutating func refund(charge id: String, token: String, userID: Int) throws(TelegramError) -> Charge {
        guard var charge = charges[id], charge.token == token, charge.userID == userID else {
            throw .badRequest("CHARGE_NOT_FOUND")
        }
        guard !charge.refunded else { throw .badRequest("CHARGE_ALREADY_REFUNDED") }
        charge.refunded = true
        charges[id] = charge
        return charge
    }
}
