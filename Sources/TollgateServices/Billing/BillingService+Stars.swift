import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// Telegram Stars through the bot: the client that speaks the Bot API.
public struct StarsGateway: Sendable {
    public var client: TelegramBotClient

    public init(client: TelegramBotClient) {
        self.client = client
    }
}

extension BillingService {
    /// The invoice payload that names a Tollgate payment.
    static func invoicePayload(_ payment: PaymentRecord) -> String { "payment:\(payment.id)" }

    /// The payment an invoice payload names.
    static func paymentID(payload: String) -> Int64? {
        guard payload.hasPrefix("payment:") else { return nil }
        return Int64(payload.dropFirst("payment:".count))
    }

    /// The invoice of `payment` in Stars: one price; a plan as a Star subscription (30 days).
    static func invoice(_ payment: PaymentRecord, product: Product) -> TelegramInvoice {
        TelegramInvoice(
            title: clipped(product.name, utf16: 32),
            description: clipped("Tollgate — \(product.name): \(product.tokens) tokens", utf16: 255),
            payload: invoicePayload(payment), stars: payment.amount, label: product.name,
            subscriptionPeriod: product.kind == .plan ? 2_592_000 : nil)
    }

    /// `text` cut to whole characters within `limit` UTF-16 units, as the Bot API counts a title's length.
    static func clipped(_ text: String, utf16 limit: Int) -> String {
        var result = ""
        for character in text {
            guard result.utf16.count + character.utf16.count <= limit else { break }
            result.append(character)
        }
        return result
    }

    /// Makes the invoice link of a Stars payment and stores it.
    func invoice(_ payment: PaymentRecord, product: Product, gateway: StarsGateway) async throws -> PaymentRecord {
        let link: String
        do {
            link = try await gateway.client.createInvoiceLink(Self.invoice(payment, product: product))
        } catch {
            try await cancel(payment.id, reason: "invoice_failed")
            logger.warning("invoice link failed", metadata: ["payment": "\(payment.id)", "provider": "stars"])
            throw APIError(
                code: "payment_provider_error", message: "Telegram did not make the invoice; try again.", status: 502,
                side: .provider)
        }
        return try await store.transaction { db in
            try await store.payments.attach(id: payment.id, externalID: nil, confirmationURL: link, on: db)
        } ?? payment
    }

    /// Answers a `pre_checkout_query` (within Telegram's 10 s): yes only for a pending payment whose product and
    /// amount match the invoice, else a reason the user can read. Returns what was answered.
    @discardableResult
    public func preCheckout(_ query: TelegramPreCheckoutQuery) async throws -> (ok: Bool, reason: String?) {
        guard let stars else { throw Self.notConfigured("Telegram Stars") }
        var reason: String?
        if let id = Self.paymentID(payload: query.invoicePayload),
            let payment = try await store.read({ db in try await store.payments.find(id: id, on: db) })
        {
            if payment.status != .pending {
                reason = "This invoice was already paid or canceled. Open /buy for a new one."
            } else if query.currency != "XTR" || query.totalAmount != payment.amount || payment.provider != "stars" {
                reason = "The price has changed. Open /buy for a new invoice."
            }
        } else {
            reason = "This invoice is not known. Open /buy for a new one."
        }
        try await stars.client.answerPreCheckoutQuery(id: query.id, ok: reason == nil, errorMessage: reason)
        return (reason == nil, reason)
    }

    /// A `successful_payment`: credited exactly once per `telegram_payment_charge_id` — the payment moves from
    /// pending once, and the charge id is unique per provider (a redelivery, or a second instance receiving it,
    /// finds it credited). A subscription's renewal (`is_recurring` after the first)
    /// starts the plan's next cycle as a payment of its own.
    public func starsPaid(_ paid: TelegramSuccessfulPayment, userID: Int64) async throws {
        guard let id = Self.paymentID(payload: paid.invoicePayload),
            let payment = try await store.read({ db in try await store.payments.find(id: id, on: db) })
        else {
            logger.error("stars payment for an unknown invoice", metadata: ["provider": "stars"])
            return
        }
        let charge = paid.telegramPaymentChargeID
        if try await store.read({ db in try await store.payments.find(provider: "stars", externalID: charge, on: db) })
            != nil
        {
            return
        }
        if paid.isRecurring == true, paid.isFirstRecurring != true, payment.status != .pending {
            // A renewal: a new payment row for this charge, credited like the first.
            let now = clock.nowMilliseconds()
            let renewal = try await store.transaction { db in
                try await store.payments.insert(
                    NewPayment(
                        accountID: payment.accountID, provider: "stars", product: payment.product,
                        tokens: payment.tokens,
                        amount: paid.totalAmount, currency: "XTR", returnURL: nil, savePaymentMethod: false,
                        createdAt: now),
                    nextCheckAt: now + Self.starsInvoiceLifetime, on: db)
            }
            // Two deliveries racing here both insert a row; the charge's unique index fails the second's credit,
            // Telegram delivers again, and the charge is found credited above (the spare row expires).
            try await succeed(renewal.id, externalID: charge, paymentMethodID: String(userID))
            return
        }
        try await succeed(payment.id, externalID: charge, paymentMethodID: String(userID))
    }
}
