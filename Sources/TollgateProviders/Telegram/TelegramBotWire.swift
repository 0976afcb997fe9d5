/// Every Bot API answer: `{ok, result?, error_code?, description?, parameters?}`.
public struct TelegramBotResponse<Value: Decodable>: Decodable {
    public var ok: Bool
    /// The method's result when `ok`.
    public var result: Value?
    /// The HTTP-like code when not `ok`: 400, 401, 403, 404, 409, 429, 5xx.
    public var errorCode: Int?
    /// e.g. `Forbidden: bot was blocked by the user`.
    public var description: String?
    public var parameters: TelegramResponseParameters?

    enum CodingKeys: String, CodingKey {
        case ok, result, description, parameters
        case errorCode = "error_code"
    }
}

/// Why a failed request may be repeated, and how.
public struct TelegramResponseParameters: Decodable, Sendable, Equatable {
    /// Seconds to wait before repeating a request refused with 429.
    public var retryAfter: Int?
    /// The supergroup a group became; repeat the request with this chat id.
    public var migrateToChatID: Int64?

    enum CodingKeys: String, CodingKey {
        case retryAfter = "retry_after"
        case migrateToChatID = "migrate_to_chat_id"
    }
}

/// One price line of an invoice; `amount` is whole Stars for `XTR`.
public struct TelegramLabeledPrice: Codable, Sendable, Equatable {
    public var label: String
    public var amount: Int64

    /// A price line.
    public init(label: String, amount: Int64) {
        self.label = label
        self.amount = amount
    }
}

/// A Stars invoice (`XTR`, exactly one price line, no provider token), as `createInvoiceLink` takes it.
public struct TelegramInvoice: Encodable, Sendable, Equatable {
    /// The only period a Star subscription may have: 30 days, in seconds.
    public static let subscriptionPeriod30Days = 2_592_000

    /// 1–32 characters.
    public var title: String
    /// 1–255 characters.
    public var description: String
    /// 1–128 bytes, never shown to the user: Tollgate's order id.
    public var payload: String
    /// `XTR` (Stars), the only currency for digital goods.
    public var currency: String
    /// Exactly one line for `XTR`.
    public var prices: [TelegramLabeledPrice]
    /// `subscriptionPeriod30Days` for a monthly Star subscription; `createInvoiceLink` only.
    public var subscriptionPeriod: Int?

    /// An invoice of `stars` Stars under one price line labelled `label` (the title by default).
    public init(
        title: String, description: String, payload: String, stars: Int64, label: String? = nil,
        subscriptionPeriod: Int? = nil
    ) {
        self.title = title
        self.description = description
        self.payload = payload
        self.currency = "XTR"
        self.prices = [TelegramLabeledPrice(label: label ?? title, amount: stars)]
        self.subscriptionPeriod = subscriptionPeriod
    }

    enum CodingKeys: String, CodingKey {
        case title, description, payload, currency, prices
        case providerToken = "provider_token"
        case subscriptionPeriod = "subscription_period"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(payload, forKey: .payload)
        // Stars take an empty token (or none); older Bot API servers required the field, so it is sent empty.
        try container.encode("", forKey: .providerToken)
        try container.encode(currency, forKey: .currency)
        try container.encode(prices, forKey: .prices)
        try container.encodeIfPresent(subscriptionPeriod, forKey: .subscriptionPeriod)
    }
}

/// `createInvoiceLink`'s parameters: the invoice itself.
public typealias TelegramCreateInvoiceLinkParams = TelegramInvoice

/// `sendInvoice`'s parameters: the chat and the invoice's fields beside it (never a subscription period).
public struct TelegramSendInvoiceParams: Encodable, Sendable, Equatable {
    public var chatID: Int64
    public var invoice: TelegramInvoice

    /// The invoice to send to `chatID`.
    public init(chatID: Int64, invoice: TelegramInvoice) {
        self.chatID = chatID
        self.invoice = invoice
    }

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
    }

    public func encode(to encoder: any Encoder) throws {
        // The invoice's keys and `chat_id` share one object.
        try invoice.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(chatID, forKey: .chatID)
    }
}

/// `answerPreCheckoutQuery`'s parameters; due within 10 seconds of the query.
public struct TelegramAnswerPreCheckoutQueryParams: Encodable, Sendable, Equatable {
    public var preCheckoutQueryID: String
    public var ok: Bool
    /// Shown to the user; required when `ok` is false.
    public var errorMessage: String?

    /// An answer to the query `preCheckoutQueryID`.
    public init(preCheckoutQueryID: String, ok: Bool, errorMessage: String? = nil) {
        self.preCheckoutQueryID = preCheckoutQueryID
        self.ok = ok
        self.errorMessage = errorMessage
    }

    enum CodingKeys: String, CodingKey {
        case ok
        case preCheckoutQueryID = "pre_checkout_query_id"
        case errorMessage = "error_message"
    }
}

/// `refundStarPayment`'s parameters.
public struct TelegramRefundStarPaymentParams: Encodable, Sendable, Equatable {
    public var userID: Int64
    public var telegramPaymentChargeID: String

    /// A refund of the charge `telegramPaymentChargeID` to `userID`.
    public init(userID: Int64, telegramPaymentChargeID: String) {
        self.userID = userID
        self.telegramPaymentChargeID = telegramPaymentChargeID
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case telegramPaymentChargeID = "telegram_payment_charge_id"
    }
}

/// An incoming update, reduced to the kinds Tollgate reads; at most one of them is set.
public struct TelegramUpdate: Decodable, Sendable, Equatable {
    /// Increases by one per update: the key for ignoring a repeated delivery.
    public var updateID: Int64
    public var message: TelegramMessage?
    /// Must be answered within 10 seconds.
    public var preCheckoutQuery: TelegramPreCheckoutQuery?
    public var callbackQuery: TelegramCallbackQuery?
    /// The bot's own membership changed: `kicked` in a private chat means the user blocked the bot.
    public var myChatMember: TelegramChatMemberUpdated?

    enum CodingKeys: String, CodingKey {
        case message
        case updateID = "update_id"
        case preCheckoutQuery = "pre_checkout_query"
        case callbackQuery = "callback_query"
        case myChatMember = "my_chat_member"
    }
}

/// A Telegram user or bot.
public struct TelegramUser: Decodable, Sendable, Equatable {
    public var id: Int64
    public var isBot: Bool
    public var firstName: String
    public var username: String?
    /// IETF language tag of the user's client, e.g. `ru`.
    public var languageCode: String?

    enum CodingKeys: String, CodingKey {
        case id, username
        case isBot = "is_bot"
        case firstName = "first_name"
        case languageCode = "language_code"
    }
}

/// A chat: its id and `type` (`private`, `group`, `supergroup` or `channel`).
public struct TelegramChat: Decodable, Sendable, Equatable {
    public var id: Int64
    public var type: String
}

/// A message, with the fields Tollgate reads (a callback query's inaccessible message has `date` 0).
public struct TelegramMessage: Decodable, Sendable, Equatable {
    public var messageID: Int64
    /// Unix time.
    public var date: Int64
    public var chat: TelegramChat
    public var from: TelegramUser?
    public var text: String?
    public var caption: String?
    /// The sizes of a photo, smallest first.
    public var photo: [TelegramPhotoSize]?
    /// A service message: a payment went through. Credit the ledger here, once per charge id.
    public var successfulPayment: TelegramSuccessfulPayment?
    /// A service message: a Star payment was refunded.
    public var refundedPayment: TelegramRefundedPayment?

    enum CodingKeys: String, CodingKey {
        case date, chat, from, text, caption, photo
        case messageID = "message_id"
        case successfulPayment = "successful_payment"
        case refundedPayment = "refunded_payment"
    }
}

/// A file ready to download (`getFile`): its path under the bot's file URL, for about an hour.
public struct TelegramFile: Decodable, Sendable, Equatable {
    public var fileID: String
    public var filePath: String?

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case filePath = "file_path"
    }
}

/// One size of a photo.
public struct TelegramPhotoSize: Decodable, Sendable, Equatable {
    /// Usable only by this bot.
    public var fileID: String
    public var width: Int
    public var height: Int
    public var fileSize: Int64?

    enum CodingKeys: String, CodingKey {
        case width, height
        case fileID = "file_id"
        case fileSize = "file_size"
    }
}

/// A payment that went through (`message.successful_payment`); renewals of a subscription arrive as new ones.
public struct TelegramSuccessfulPayment: Decodable, Sendable, Equatable {
    /// `XTR`.
    public var currency: String
    /// Whole Stars for `XTR`.
    public var totalAmount: Int64
    public var invoicePayload: String
    /// Unique per charge: the idempotency key for crediting, and what `refundStarPayment` takes.
    public var telegramPaymentChargeID: String
    /// Required by the Bot API, but read leniently: a missing one must not lose a payment.
    public var providerPaymentChargeID: String?
    /// Unix time the subscription paid for ends.
    public var subscriptionExpirationDate: Int64?
    /// True for a subscription's payments, including renewals.
    public var isRecurring: Bool?
    /// True for a subscription's first payment.
    public var isFirstRecurring: Bool?

    enum CodingKeys: String, CodingKey {
        case currency
        case totalAmount = "total_amount"
        case invoicePayload = "invoice_payload"
        case telegramPaymentChargeID = "telegram_payment_charge_id"
        case providerPaymentChargeID = "provider_payment_charge_id"
        case subscriptionExpirationDate = "subscription_expiration_date"
        case isRecurring = "is_recurring"
        case isFirstRecurring = "is_first_recurring"
    }
}

/// A Star payment refunded (`message.refunded_payment`).
public struct TelegramRefundedPayment: Decodable, Sendable, Equatable {
    public var currency: String
    public var totalAmount: Int64
    public var invoicePayload: String
    public var telegramPaymentChargeID: String

    enum CodingKeys: String, CodingKey {
        case currency
        case totalAmount = "total_amount"
        case invoicePayload = "invoice_payload"
        case telegramPaymentChargeID = "telegram_payment_charge_id"
    }
}

/// The user pressed Pay; answer with `answerPreCheckoutQuery` within 10 seconds.
public struct TelegramPreCheckoutQuery: Decodable, Sendable, Equatable {
    public var id: String
    public var from: TelegramUser
    public var currency: String
    public var totalAmount: Int64
    public var invoicePayload: String

    enum CodingKeys: String, CodingKey {
        case id, from, currency
        case totalAmount = "total_amount"
        case invoicePayload = "invoice_payload"
    }
}

/// An inline keyboard button was pressed; always answer it (`answerCallbackQuery`).
public struct TelegramCallbackQuery: Decodable, Sendable, Equatable {
    public var id: String
    public var from: TelegramUser
    /// The message with the button, if the bot sent it.
    public var message: TelegramMessage?
    /// The button's `callback_data` (1–64 bytes).
    public var data: String?
}

/// A change of the bot's membership in a chat.
public struct TelegramChatMemberUpdated: Decodable, Sendable, Equatable {
    public var chat: TelegramChat
    public var from: TelegramUser
    public var date: Int64
    public var oldChatMember: TelegramChatMember
    public var newChatMember: TelegramChatMember

    enum CodingKeys: String, CodingKey {
        case chat, from, date
        case oldChatMember = "old_chat_member"
        case newChatMember = "new_chat_member"
    }
}

/// A member of a chat and their `status`: `creator`, `administrator`, `member`, `restricted`, `left` or
/// `kicked`.
public struct TelegramChatMember: Decodable, Sendable, Equatable {
    public var status: String
    public var user: TelegramUser
}
