/// The Bot API's wire types the fake builds: the answer envelope and the updates it delivers.
/// (Results of methods are `AnyJSON`, since they echo what the bot sent.)
enum TelegramWire {
    /// `{"ok": true, "result": …}`.
    struct Success: Encodable, Sendable {
        let ok = true
        var result: AnyJSON
        var description: String?
    }

    /// `{"ok": false, "error_code": …, "description": …, "parameters": {"retry_after": …}}`.
    struct Failure: Encodable, Sendable {
        let ok = false
        var errorCode: Int
        var description: String
        var parameters: Parameters?

        enum CodingKeys: String, CodingKey {
            case ok, description, parameters
            case errorCode = "error_code"
        }
    }

    /// Why a request failed and what to do about it.
    struct Parameters: Encodable, Sendable {
        var retryAfter: Int?

        enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
        }
    }

    /// A Telegram user.
    struct User: Encodable, Sendable {
        var id: Int
        var isBot: Bool
        var firstName: String
        var username: String?
        var languageCode: String?

        enum CodingKeys: String, CodingKey {
            case id, username
            case isBot = "is_bot"
            case firstName = "first_name"
            case languageCode = "language_code"
        }
    }

    /// A private chat.
    struct Chat: Encodable, Sendable {
        var id: Int
        var type = "private"
        var firstName: String?

        enum CodingKeys: String, CodingKey {
            case id, type
            case firstName = "first_name"
        }
    }

    /// The query a user's Pay tap sends; the bot must answer it within 10 seconds.
    struct PreCheckoutQuery: Encodable, Sendable {
        var id: String
        var from: User
        var currency: String
        var totalAmount: Int
        var invoicePayload: String

        enum CodingKeys: String, CodingKey {
            case id, from, currency
            case totalAmount = "total_amount"
            case invoicePayload = "invoice_payload"
        }
    }

    /// A completed payment, in the service message that reports it.
    struct SuccessfulPayment: Encodable, Sendable {
        var currency: String
        var totalAmount: Int
        var invoicePayload: String
        var subscriptionExpirationDate: Int?
        var isRecurring: Bool?
        var isFirstRecurring: Bool?
        var telegramPaymentChargeID: String
        var providerPaymentChargeID: String

        enum CodingKeys: String, CodingKey {
            case currency
            case totalAmount = "total_amount"
            case invoicePayload = "invoice_payload"
            case subscriptionExpirationDate = "subscription_expiration_date"
            case isRecurring = "is_recurring"
            case isFirstRecurring = "is_first_recurring"
            case telegramPaymentChargeID = "telegram_payment_charge_id"
            case providerPaymentChargeID = "provider_payment_charge_id"
        }
    }

    /// A refunded payment, in the service message that reports it.
    struct RefundedPayment: Encodable, Sendable {
        var currency: String
        var totalAmount: Int
        var invoicePayload: String
        var telegramPaymentChargeID: String

        enum CodingKeys: String, CodingKey {
            case currency
            case totalAmount = "total_amount"
            case invoicePayload = "invoice_payload"
            case telegramPaymentChargeID = "telegram_payment_charge_id"
        }
    }

    /// A message from a user (here: the payment service messages).
    struct Message: Encodable, Sendable {
        var messageID: Int
        var from: User
        var chat: Chat
        var date: Int
        var successfulPayment: SuccessfulPayment?
        var refundedPayment: RefundedPayment?

        enum CodingKeys: String, CodingKey {
            case from, chat, date
            case messageID = "message_id"
            case successfulPayment = "successful_payment"
            case refundedPayment = "refunded_payment"
        }
    }

    /// An update as the webhook receives it.
    struct Update: Encodable, Sendable {
        var updateID: Int
        var message: Message?
        var preCheckoutQuery: PreCheckoutQuery?

        enum CodingKeys: String, CodingKey {
            case message
            case updateID = "update_id"
            case preCheckoutQuery = "pre_checkout_query"
        }

        /// The update's kind, as `allowed_updates` names it.
        var kind: String { preCheckoutQuery != nil ? "pre_checkout_query" : "message" }
    }
}
