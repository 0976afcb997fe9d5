/// YooKassa API v3's wire types: payments, refunds, webhooks, notifications and errors.
enum YooKassaWire {
    /// A sum: `value` is a string with two decimals (`"890.00"`), `currency` an ISO 4217 code.
    struct Amount: Codable, Sendable, Equatable {
        var value: String
        var currency: String
    }

    /// How the user confirms a payment; the fake hands out `redirect` confirmations.
    struct Confirmation: Encodable, Sendable {
        var type: String
        var returnURL: String?
        var confirmationURL: String?

        enum CodingKeys: String, CodingKey {
            case type
            case returnURL = "return_url"
            case confirmationURL = "confirmation_url"
        }
    }

    /// The shop and gateway a payment goes to.
    struct Recipient: Encodable, Sendable {
        var accountID: String
        var gatewayID: String

        enum CodingKeys: String, CodingKey {
            case accountID = "account_id"
            case gatewayID = "gateway_id"
        }
    }

    /// The card of a `bank_card` payment method.
    struct Card: Encodable, Sendable {
        var first6: String
        var last4: String
        var expiryYear: String
        var expiryMonth: String
        var cardType: String

        enum CodingKeys: String, CodingKey {
            case first6, last4
            case expiryYear = "expiry_year"
            case expiryMonth = "expiry_month"
            case cardType = "card_type"
        }
    }

    /// How the user paid; `saved` methods can be charged again by `payment_method_id`.
    struct PaymentMethod: Encodable, Sendable {
        var type: String
        var id: String
        var saved: Bool
        var title: String
        var card: Card
    }

    /// Who canceled a payment and why (`party`: `merchant`, `yoo_money`, `payment_network`).
    struct CancellationDetails: Encodable, Sendable {
        var party: String
        var reason: String
    }

    /// The payment object, as create, GET and notifications return it.
    struct Payment: Encodable, Sendable {
        var id: String
        var status: String
        var paid: Bool
        var amount: Amount
        var incomeAmount: Amount?
        var description: String?
        var recipient: Recipient
        var paymentMethod: PaymentMethod?
        var capturedAt: String?
        var createdAt: String
        var expiresAt: String?
        var confirmation: Confirmation?
        var test: Bool
        var refundedAmount: Amount?
        var refundable: Bool
        var metadata: AnyJSON
        var cancellationDetails: CancellationDetails?
        var merchantCustomerID: String?

        enum CodingKeys: String, CodingKey {
            case id, status, paid, amount, description, recipient, confirmation, test, refundable, metadata
            case incomeAmount = "income_amount"
            case paymentMethod = "payment_method"
            case capturedAt = "captured_at"
            case createdAt = "created_at"
            case expiresAt = "expires_at"
            case refundedAmount = "refunded_amount"
            case cancellationDetails = "cancellation_details"
            case merchantCustomerID = "merchant_customer_id"
        }
    }

    /// A refund; the fake's refunds succeed at once.
    struct Refund: Encodable, Sendable {
        var id: String
        var paymentID: String
        var status: String
        var createdAt: String
        var amount: Amount
        var description: String?

        enum CodingKeys: String, CodingKey {
            case id, status, amount, description
            case paymentID = "payment_id"
            case createdAt = "created_at"
        }
    }

    /// A notification subscription of the webhooks API.
    struct Webhook: Encodable, Sendable {
        var id: String
        var event: String
        var url: String
    }

    /// A list answer (`GET /webhooks`).
    struct List<Item: Encodable & Sendable>: Encodable, Sendable {
        var type = "list"
        var items: [Item]
    }

    /// The body POSTed to a notification URL.
    struct Notification<Object: Encodable & Sendable>: Encodable, Sendable {
        var type = "notification"
        var event: String
        var object: Object
    }

    /// An error answer.
    struct ErrorBody: Encodable, Sendable {
        var type = "error"
        var id: String
        var code: String
        var description: String
        var parameter: String?
    }
}
