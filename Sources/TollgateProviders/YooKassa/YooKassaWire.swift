/// An amount as YooKassa writes it: a decimal string with exactly two places (`"890.00"`) and an ISO-4217 code.
public struct YooKassaAmount: Codable, Sendable, Equatable {
    /// The sum, e.g. `"890.00"`.
    public var value: String
    /// `RUB`.
    public var currency: String

    /// An amount from its literal wire form.
    public init(value: String, currency: String = "RUB") {
        self.value = value
        self.currency = currency
    }

    /// An amount of kopecks (hundredths), written with exactly two decimals: 89000 → `"890.00"`.
    public init(kopecks: Int64, currency: String = "RUB") {
        let magnitude = kopecks.magnitude
        let cents = magnitude % 100
        let sign = kopecks < 0 ? "-" : ""
        self.init(value: "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)", currency: currency)
    }

    /// An amount of whole roubles: 890 → `"890.00"`.
    public init(roubles: Int64, currency: String = "RUB") {
        self.init(value: "\(roubles).00", currency: currency)
    }

    /// The value in kopecks, or nil when it is not a decimal with at most two places.
    public var kopecks: Int64? {
        let negative = value.hasPrefix("-")
        let parts = value.dropFirst(negative ? 1 : 0).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : "00"
        guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
            let roubles = Int64(whole), let cents = Int64(fraction.count == 1 ? fraction + "0" : fraction)
        else { return nil }
        let (scaled, overflow) = roubles.multipliedReportingOverflow(by: 100)
        guard !overflow, scaled <= Int64.max - cents else { return nil }
        return negative ? -(scaled + cents) : scaled + cents
    }
}

/// A payment's or refund's status. A struct, not an enum, so a status YooKassa adds later still decodes.
public struct YooKassaStatus: RawRepresentable, Codable, Sendable, Hashable {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Created; waiting for the user (or, for a refund, for the bank).
    public static let pending = YooKassaStatus(rawValue: "pending")
    /// Paid and authorised; needs a capture (two-stage payments only, which Tollgate does not make).
    public static let waitingForCapture = YooKassaStatus(rawValue: "waiting_for_capture")
    /// Final: the money moved.
    public static let succeeded = YooKassaStatus(rawValue: "succeeded")
    /// Final: it failed; see `cancellation_details`.
    public static let canceled = YooKassaStatus(rawValue: "canceled")

    /// Whether the status can no longer change.
    public var isFinal: Bool { self == .succeeded || self == .canceled }
}

/// How the user confirms a payment: sent as `{type: "redirect", return_url}`, answered with `confirmation_url`.
public struct YooKassaConfirmation: Codable, Sendable, Equatable {
    /// `redirect` (the only type Tollgate sends), `embedded`, `qr`, `external` or `mobile_application`.
    public var type: String
    /// Where YooKassa sends the user back after paying (a request field).
    public var returnURL: String?
    /// The page the user pays on (an answer field, while the payment is pending).
    public var confirmationURL: String?

    /// A redirect confirmation returning the user to `returnURL`.
    public static func redirect(returnURL: String) -> YooKassaConfirmation {
        YooKassaConfirmation(type: "redirect", returnURL: returnURL)
    }

    /// A confirmation from its wire fields.
    public init(type: String, returnURL: String? = nil, confirmationURL: String? = nil) {
        self.type = type
        self.returnURL = returnURL
        self.confirmationURL = confirmationURL
    }

    enum CodingKeys: String, CodingKey {
        case type
        case returnURL = "return_url"
        case confirmationURL = "confirmation_url"
    }
}

/// `POST /payments`: a one-stage payment, either through the confirmation page or charging a saved method.
public struct YooKassaPaymentRequest: Encodable, Sendable, Equatable {
    public var amount: YooKassaAmount
    /// `true`: one-stage (YooKassa's default is two-stage).
    public var capture: Bool
    /// Absent when charging a saved method (`paymentMethodID`), which needs no user.
    public var confirmation: YooKassaConfirmation?
    /// Shown to the user; at most 128 characters.
    public var description: String?
    /// At most 16 keys (≤ 32 characters each), values ≤ 512 characters.
    public var metadata: [String: String]
    /// Ask YooKassa to keep the method for renewals.
    public var savePaymentMethod: Bool?
    /// A saved method's id: a renewal charged without the user.
    public var paymentMethodID: String?
    /// The 54-FZ receipt; required when the shop has receipts turned on.
    public var receipt: YooKassaReceipt?

    /// A payment request; `capture` defaults to one-stage.
    public init(
        amount: YooKassaAmount, capture: Bool = true, confirmation: YooKassaConfirmation? = nil,
        description: String? = nil, metadata: [String: String] = [:], savePaymentMethod: Bool? = nil,
        paymentMethodID: String? = nil, receipt: YooKassaReceipt? = nil
    ) {
        self.amount = amount
        self.capture = capture
        self.confirmation = confirmation
        self.description = description
        self.metadata = metadata
        self.savePaymentMethod = savePaymentMethod
        self.paymentMethodID = paymentMethodID
        self.receipt = receipt
    }

    enum CodingKeys: String, CodingKey {
        case amount, capture, confirmation, description, metadata, receipt
        case savePaymentMethod = "save_payment_method"
        case paymentMethodID = "payment_method_id"
    }
}

/// A 54-FZ receipt for a digital service: the customer's email and the lines, whose sum must equal the amount.
public struct YooKassaReceipt: Encodable, Sendable, Equatable {
    /// Where the receipt is delivered (YooKassa's own receipts go by email only).
    public struct Customer: Encodable, Sendable, Equatable {
        public var email: String

        /// A customer reached at `email`.
        public init(email: String) { self.email = email }
    }

    /// One line of the receipt.
    public struct Item: Encodable, Sendable, Equatable {
        /// At most 128 characters.
        public var description: String
        /// A decimal string, `"1.00"`.
        public var quantity: String
        public var amount: YooKassaAmount
        /// 1 = no VAT … 11/12 = 22% (from 2026); see YooKassa's parameter values.
        public var vatCode: Int
        /// `full_payment` for a service paid and delivered at once.
        public var paymentMode: String
        /// `service`.
        public var paymentSubject: String

        /// A line; by default one service, paid in full.
        public init(
            description: String, amount: YooKassaAmount, vatCode: Int, quantity: String = "1.00",
            paymentMode: String = "full_payment", paymentSubject: String = "service"
        ) {
            self.description = description
            self.quantity = quantity
            self.amount = amount
            self.vatCode = vatCode
            self.paymentMode = paymentMode
            self.paymentSubject = paymentSubject
        }

        enum CodingKeys: String, CodingKey {
            case description, quantity, amount
            case vatCode = "vat_code"
            case paymentMode = "payment_mode"
            case paymentSubject = "payment_subject"
        }
    }

    public var customer: Customer
    public var items: [Item]
    /// 1–6 (1 = general regime, 2 = simplified on income, …); needed only when the shop has several.
    public var taxSystemCode: Int?

    /// A receipt for `customer` listing `items`.
    public init(customer: Customer, items: [Item], taxSystemCode: Int? = nil) {
        self.customer = customer
        self.items = items
        self.taxSystemCode = taxSystemCode
    }

    enum CodingKeys: String, CodingKey {
        case customer, items
        case taxSystemCode = "tax_system_code"
    }
}

/// A payment, as create, `GET /payments/{id}` and notifications carry it. Fields Tollgate does not read are
/// skipped.
public struct YooKassaPayment: Decodable, Sendable, Equatable {
    public var id: String
    public var status: YooKassaStatus
    /// Whether the user paid (true from `waiting_for_capture` on).
    public var paid: Bool
    public var amount: YooKassaAmount
    public var description: String?
    /// Present while the user still has to confirm.
    public var confirmation: YooKassaConfirmation?
    public var metadata: [String: String]?
    public var paymentMethod: YooKassaPaymentMethod?
    /// Who cancelled and why, on a `canceled` payment.
    public var cancellationDetails: YooKassaCancellationDetails?
    /// ISO 8601, e.g. `2019-01-22T14:30:45.129Z`.
    public var createdAt: String
    public var capturedAt: String?
    /// Whether the payment was made in a test shop.
    public var test: Bool?

    enum CodingKeys: String, CodingKey {
        case id, status, paid, amount, description, confirmation, metadata, test
        case paymentMethod = "payment_method"
        case cancellationDetails = "cancellation_details"
        case createdAt = "created_at"
        case capturedAt = "captured_at"
    }
}

/// The method a payment was made with; `saved` says whether it can be charged again by `id`.
public struct YooKassaPaymentMethod: Decodable, Sendable, Equatable {
    public var id: String
    /// e.g. `bank_card`, `yoo_money`, `sbp`.
    public var type: String
    public var saved: Bool
}

/// Why a payment or refund was cancelled.
public struct YooKassaCancellationDetails: Decodable, Sendable, Equatable {
    /// `merchant`, `yoo_money` or `payment_network`.
    public var party: String
    /// e.g. `insufficient_funds`, `expired_on_confirmation`.
    public var reason: String
}

/// `POST /refunds`: a full or partial refund of a `succeeded` payment.
public struct YooKassaRefundRequest: Encodable, Sendable, Equatable {
    public var paymentID: String
    public var amount: YooKassaAmount
    public var description: String?
    /// The 54-FZ refund receipt; required when the shop has receipts turned on.
    public var receipt: YooKassaReceipt?

    /// A refund of `amount` from the payment `paymentID`.
    public init(paymentID: String, amount: YooKassaAmount, description: String? = nil, receipt: YooKassaReceipt? = nil)
    {
        self.paymentID = paymentID
        self.amount = amount
        self.description = description
        self.receipt = receipt
    }

    enum CodingKeys: String, CodingKey {
        case amount, description, receipt
        case paymentID = "payment_id"
    }
}

/// A refund, as `POST /refunds`, `GET /refunds/{id}` and `refund.succeeded` carry it.
public struct YooKassaRefund: Decodable, Sendable, Equatable {
    public var id: String
    public var paymentID: String
    /// `pending`, `succeeded` or `canceled`.
    public var status: YooKassaStatus
    public var amount: YooKassaAmount
    public var description: String?
    public var cancellationDetails: YooKassaCancellationDetails?
    /// ISO 8601.
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, status, amount, description
        case paymentID = "payment_id"
        case cancellationDetails = "cancellation_details"
        case createdAt = "created_at"
    }
}

/// An HTTP notification: `{type: "notification", event, object}`. Only the event and the object's id are read:
/// the body is unsigned, so Tollgate trusts only what a `GET` of that id answers.
public struct YooKassaNotification: Decodable, Sendable, Equatable {
    /// The object the event is about, reduced to its id.
    public struct Object: Decodable, Sendable, Equatable {
        public var id: String
    }

    /// `notification`.
    public var type: String?
    /// e.g. `payment.succeeded`, `payment.canceled`, `refund.succeeded`.
    public var event: String
    public var object: Object

    /// Whether the object is a refund (`refund.*`) rather than a payment.
    public var isRefund: Bool { event.hasPrefix("refund.") }
}

/// An error answer: `{type: "error", id, code, description?, parameter?}`. Read to explain a refusal, never
/// repeated whole.
struct YooKassaErrorBody: Decodable, Equatable {
    var type: String?
    var id: String?
    /// e.g. `invalid_request`, `invalid_credentials`, `not_found`, `too_many_requests`.
    var code: String?
    /// English text.
    var description: String?
    /// The field at fault, e.g. `Idempotence-Key` or `receipt`.
    var parameter: String?
}
