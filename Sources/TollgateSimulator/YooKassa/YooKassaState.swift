import Foundation
import Hummingbird

/// Everything the YooKassa fake remembers: payments, refunds, saved methods, webhook subscriptions,
/// answers by Idempotence-Key, knobs and counts. Plain value moves; the routes hold it behind a lock
/// and do the I/O (notifications) after.
struct YooKassaState: Sendable {
    /// An answer kept for its Idempotence-Key.
    struct Kept: Sendable {
        var fingerprint: String
        var status: Int
        var body: ByteBuffer
        var at: Date
    }

    /// A notification to POST.
    struct Delivery: Sendable {
        var url: String
        var event: String
        var body: ByteBuffer
    }

    /// How long YooKassa keeps an Idempotence-Key.
    static let keyLifetime: TimeInterval = 24 * 3600
    /// Events the webhooks API accepts.
    static let events: Set<String> = [
        "payment.succeeded", "payment.canceled", "payment.waiting_for_capture", "refund.succeeded",
    ]

    var payments: [String: YooKassaPayment] = [:]
    var refunds: [String: YooKassaWire.Refund] = [:]
    var savedMethods: [String: YooKassaWire.PaymentMethod] = [:]
    var webhooks: [YooKassaWire.Webhook] = []
    var kept: [String: Kept] = [:]
    var knobs = YooKassaKnobs()
    var counts = YooKassaCounts()

    /// The answer `key` of `shop` gave before: replayed when `fingerprint` matches, refused when it
    /// does not, `nil` when the key is new (or expired).
    func replay(shop: String, key: String, fingerprint: String, now: Date) -> Result<Kept, YooKassaError>? {
        guard let kept = kept[shop + "\u{0}" + key], now.timeIntervalSince(kept.at) < Self.keyLifetime else {
            return nil
        }
        guard kept.fingerprint == fingerprint else {
            return .failure(.invalidRequest("Idempotence key duplicated", parameter: "Idempotence-Key"))
        }
        return .success(kept)
    }

    /// Keeps the answer to `key` of `shop`.
    mutating func keep(shop: String, key: String, _ answer: Kept) {
        kept[shop + "\u{0}" + key] = answer
    }

    /// Creates a payment for `request` of `shop`; a saved-method charge settles at once.
    mutating func createPayment(
        _ request: YooKassaPaymentRequest, shop: YooKassaShop, confirmBase: String, now: Date
    ) throws(YooKassaError) -> (YooKassaPayment, [Delivery]) {
        if knobs.receiptsRequired, !request.hasReceipt {
            throw .invalidRequest("Receipt is missing or illegal", parameter: "receipt")
        }
        var saved: YooKassaWire.PaymentMethod?
        if let methodID = request.paymentMethodID {
            guard let method = savedMethods[methodID] else {
                throw .invalidRequest(
                    "Payment method with this id is not found or not saved",
                    parameter: "payment_method_id")
            }
            saved = method
        }
        let id = Self.newID(variant: "000f-5000-8000")
        var payment = YooKassaPayment(
            id: id, shopID: shop.id, test: shop.isTest, amount: request.amount, minorUnits: request.minorUnits,
            capture: request.capture, description: request.description, metadata: request.metadata,
            returnURL: request.returnURL, savePaymentMethod: request.savePaymentMethod,
            merchantCustomerID: request.merchantCustomerID, createdAt: now)
        if let type = request.confirmationType {
            payment.confirmation = .init(
                type: type, returnURL: request.returnURL, confirmationURL: "\(confirmBase)/yookassa/confirm/\(id)")
        }
        counts.paymentsCreated += 1
        payments[id] = payment
        guard let saved else { return (payment, []) }
        if let reason = knobs.failSavedMethods[saved.id] {
            payment.paymentMethod = saved
            _ = payment.cancel(party: "payment_network", reason: reason)
        } else {
            _ = payment.authorize(with: saved, at: now)
        }
        payments[id] = payment
        return (payment, deliveries(for: payment))
    }

    /// A move of a payment by the user, the merchant or a test.
    enum Move: Sendable {
        case pay(YooKassaTestCard)
        case capture(minor: Int?)
        case cancel(party: String, reason: String)
    }

    /// Applies `move` to payment `id`; returns the payment after and its notifications.
    mutating func move(_ id: String, _ move: Move, now: Date) throws(YooKassaError) -> (YooKassaPayment, [Delivery]) {
        guard var payment = payments[id] else { throw .notFound("Payment not found") }
        let moved: Bool
        switch move {
        case .pay(let card):
            if let reason = card.declineReason {
                payment.paymentMethod = card.method(id: id, saved: false)
                moved = payment.cancel(party: "payment_network", reason: reason)
            } else {
                let method = card.method(id: id, saved: payment.savePaymentMethod)
                moved = payment.authorize(with: method, at: now)
                if moved, method.saved { savedMethods[id] = method }
            }
        case .capture(let minor):
            try payment.capture(minor: minor, at: now)
            moved = true
        case .cancel(let party, let reason):
            moved = payment.cancel(party: party, reason: reason)
        }
        guard moved else {
            throw .invalidRequest("Payment is in \(payment.status.rawValue) status", parameter: "payment_id")
        }
        payments[id] = payment
        return (payment, deliveries(for: payment))
    }

    /// Refunds `minor` units of payment `paymentID` (a succeeded one, not more than is left).
    mutating func refund(
        paymentID: String, amount: YooKassaWire.Amount, minor: Int, description: String?, now: Date
    ) throws(YooKassaError) -> (YooKassaWire.Refund, [Delivery]) {
        guard var payment = payments[paymentID] else {
            throw .invalidRequest("Payment with this id is not found", parameter: "payment_id")
        }
        guard payment.status == .succeeded else {
            throw .invalidRequest(
                "Only a succeeded payment can be refunded; this one is \(payment.status.rawValue)",
                parameter: "payment_id")
        }
        guard amount.currency == payment.amount.currency else {
            throw .invalidRequest("Refund currency differs from the payment's", parameter: "amount.currency")
        }
        guard minor <= payment.refundableMinor else {
            throw .invalidRequest("Refund amount exceeds what is left to refund", parameter: "amount.value")
        }
        payment.refundedMinor += minor
        payments[paymentID] = payment
        let refund = YooKassaWire.Refund(
            id: Self.newID(variant: "0015-5000-9000"), paymentID: paymentID, status: "succeeded",
            createdAt: isoTimestamp(now), amount: amount, description: description)
        refunds[refund.id] = refund
        return (refund, deliveries(event: "refund.succeeded", object: refund))
    }

    /// Subscribes `url` to `event`; the same pair again gives the same subscription.
    mutating func addWebhook(event: String, url: String) -> YooKassaWire.Webhook {
        if let known = webhooks.first(where: { $0.event == event && $0.url == url }) { return known }
        let webhook = YooKassaWire.Webhook(id: "wh-" + UUID().uuidString.lowercased(), event: event, url: url)
        webhooks.append(webhook)
        return webhook
    }

    /// Drops subscription `id`; returns whether it existed.
    mutating func removeWebhook(_ id: String) -> Bool {
        let before = webhooks.count
        webhooks.removeAll { $0.id == id }
        return webhooks.count < before
    }

    /// The notifications of `payment`'s current status.
    func deliveries(for payment: YooKassaPayment) -> [Delivery] {
        guard let event = payment.event else { return [] }
        return deliveries(event: event, object: payment.wire)
    }

    /// `object` as `event`'s notification, once for every URL subscribed to it.
    func deliveries(event: String, object: some Encodable & Sendable) -> [Delivery] {
        let urls = webhooks.filter { $0.event == event }.map(\.url)
        guard !urls.isEmpty else { return [] }
        let body = WireJSON.buffer(YooKassaWire.Notification(event: event, object: object))
        return urls.map { Delivery(url: $0, event: event, body: body) }
    }

    /// A fresh id in YooKassa's shape (`23d93cac-000f-5000-8000-126628f15141`).
    static func newID(variant: String) -> String {
        var random = SystemRandomNumberGenerator()
        let head = String(random.next() as UInt32, radix: 16)
        let tail = String((random.next() as UInt64) & 0xFFFF_FFFF_FFFF, radix: 16)
        return String(repeating: "0", count: 8 - head.count) + head + "-\(variant)-"
            + String(repeating: "0", count: 12 - tail.count) + tail
    }
}

/// The shop a request authenticated as (HTTP Basic: shop id and secret key).
struct YooKassaShop: Sendable {
    var id: String
    /// Test shops' secret keys start with `test_`.
    var isTest: Bool
}
