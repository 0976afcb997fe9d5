import SQLKit

/// Where a payment stands (SPEC §13).
public enum PaymentStatus: String, Sendable, Codable, Equatable {
    case pending, succeeded, canceled, refunded

    /// Whether nothing more happens to it but a refund.
    public var isFinal: Bool { self != .pending }
}

/// A stored payment.
public struct PaymentRecord: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    /// `yookassa` or `stars`.
    public var provider: String
    /// The product id (`plan:basic`, `package:light`).
    public var product: String
    public var tokens: Int64
    /// Roubles (RUB) or Stars (XTR), whole.
    public var amount: Int64
    public var currency: String
    public var status: PaymentStatus
    /// The provider's id: YooKassa's payment id, or Telegram's `telegram_payment_charge_id`.
    public var externalID: String?
    /// YooKassa's confirmation page, or the Stars invoice link.
    public var confirmationURL: String?
    public var returnURL: String?
    public var savePaymentMethod: Bool
    /// The saved YooKassa method a plan renews with, or the Telegram user a Stars payment came from.
    public var paymentMethodID: String?
    public var cancellationReason: String?
    /// Tokens taken back by a refund, and those the refund could not take back (already spent).
    public var refundedTokens: Int64
    public var unrecoveredTokens: Int64
    public var createdAt: Int64
    public var paidAt: Int64?
    /// When the reconciler next reads a pending payment back.
    public var nextCheckAt: Int64?

    static let columns = [
        "id", "account_id", "provider", "product", "tokens", "amount", "currency", "status", "external_id",
        "confirmation_url", "return_url", "save_payment_method", "payment_method_id", "cancellation_reason",
        "refunded_tokens", "unrecovered_tokens", "created_at", "paid_at", "next_check_at",
    ]
    static let columnList = columns.joined(separator: ", ")

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        provider = try row.decode(column: "provider", as: String.self)
        product = try row.decode(column: "product", as: String.self)
        tokens = try row.decode(column: "tokens", as: Int64.self)
        amount = try row.decode(column: "amount", as: Int64.self)
        currency = try row.decode(column: "currency", as: String.self)
        status = PaymentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending
        externalID = try row.decode(column: "external_id", as: String?.self)
        confirmationURL = try row.decode(column: "confirmation_url", as: String?.self)
        returnURL = try row.decode(column: "return_url", as: String?.self)
        savePaymentMethod = try row.decode(column: "save_payment_method", as: Int.self) != 0
        paymentMethodID = try row.decode(column: "payment_method_id", as: String?.self)
        cancellationReason = try row.decode(column: "cancellation_reason", as: String?.self)
        refundedTokens = try row.decode(column: "refunded_tokens", as: Int64.self)
        unrecoveredTokens = try row.decode(column: "unrecovered_tokens", as: Int64.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        paidAt = try row.decode(column: "paid_at", as: Int64?.self)
        nextCheckAt = try row.decode(column: "next_check_at", as: Int64?.self)
    }
}

/// A payment about to be stored.
public struct NewPayment: Sendable {
    public var accountID: Int64
    public var provider: String
    public var product: String
    public var tokens: Int64
    public var amount: Int64
    public var currency: String
    public var returnURL: String?
    public var savePaymentMethod: Bool
    /// A saved method this payment charges without confirmation (a renewal).
    public var paymentMethodID: String?
    public var createdAt: Int64

    public init(
        accountID: Int64, provider: String, product: String, tokens: Int64, amount: Int64, currency: String,
        returnURL: String?, savePaymentMethod: Bool, paymentMethodID: String? = nil, createdAt: Int64
    ) {
        self.paymentMethodID = paymentMethodID
        self.accountID = accountID
        self.provider = provider
        self.product = product
        self.tokens = tokens
        self.amount = amount
        self.currency = currency
        self.returnURL = returnURL
        self.savePaymentMethod = savePaymentMethod
        self.createdAt = createdAt
    }
}
