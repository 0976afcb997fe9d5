import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// Payments (SPEC §13): products from the plans data, checkout with YooKassa or Telegram Stars, and each
/// payment's end — credited exactly once when it succeeds (the status change and the ledger entry in one
/// transaction; a second credit of a payment is impossible in the database), recorded when it is canceled.
/// What a provider says is never taken on trust: a notification only makes Tollgate read the payment back.
public struct BillingService: Sendable {
    let store: Store
    let plans: PlanBook
    let ledger: LedgerService
    let clock: any WallClock
    let logger: Logger
    let yookassa: YooKassaGateway?
    let stars: StarsGateway?
    /// Where the user comes back to after paying, unless the checkout names a page.
    let returnURL: String

    /// The providers a checkout may name.
    public static let providers = ["yookassa", "stars"]
    /// How long after a check a pending payment is read back again, at most.
    static let maxRecheckMilliseconds: Int64 = 3_600_000
    /// How long a Stars invoice may wait for its payment.
    static let starsInvoiceLifetime: Int64 = 86_400_000

    public init(
        store: Store, plans: PlanBook, ledger: LedgerService, clock: any WallClock, logger: Logger,
        yookassa: YooKassaGateway?, stars: StarsGateway?, returnURL: String
    ) {
        self.store = store
        self.plans = plans
        self.ledger = ledger
        self.clock = clock
        self.logger = logger
        self.yookassa = yookassa
        self.stars = stars
        self.returnURL = returnURL
    }

    /// What can be bought.
    public var products: [Product] { plans.products }

    /// Starts a purchase: a pending payment, then its page at the provider (YooKassa's confirmation page, or a
    /// Stars invoice link). 422 for an unknown product or provider, 503 for a provider that is not configured.
    public func checkout(
        accountID: Int64, productID: String, provider: String, returnURL: String? = nil, savePaymentMethod: Bool = false
    ) async throws -> PaymentRecord {
        guard let product = plans.product(productID) else {
            throw APIError.validation(["product": "must be one of \(products.map(\.id).joined(separator: ", "))"])
        }
        guard Self.providers.contains(provider) else {
            throw APIError.validation(["provider": "must be yookassa or stars"])
        }
        if let returnURL, !(returnURL.hasPrefix("https://") || returnURL.hasPrefix("http://")) {
            throw APIError.validation(["return_url": "must be an http(s) URL"])
        }
        if savePaymentMethod, provider != "yookassa" || product.kind != .plan {
            throw APIError.validation(["save_payment_method": "renews plans paid with yookassa only"])
        }
        let inStars = provider == "stars"
        guard inStars ? stars != nil : yookassa != nil else {
            throw Self.notConfigured(inStars ? "Telegram Stars" : "YooKassa")
        }
        let now = clock.nowMilliseconds()
        let payment = try await store.transaction { db in
            try await store.payments.insert(
                NewPayment(
                    accountID: accountID, provider: provider, product: product.id, tokens: product.tokens,
                    amount: inStars ? product.priceStars : product.priceRub, currency: inStars ? "XTR" : "RUB",
                    returnURL: inStars ? nil : returnURL ?? self.returnURL, savePaymentMethod: savePaymentMethod,
                    createdAt: now),
                // A YooKassa payment is read back soon if no notification comes; a Stars invoice expires.
                nextCheckAt: now + (inStars ? Self.starsInvoiceLifetime : 30_000), on: db)
        }
        if !inStars, let yookassa { return try await createAtYooKassa(payment, product: product, gateway: yookassa) }
        guard let stars else { throw Self.notConfigured("Telegram Stars") }
        return try await invoice(payment, product: product, gateway: stars)
    }

    static func notConfigured(_ name: String) -> APIError {
        APIError(
            code: "provider_not_configured", message: "\(name) payments are not configured on this server.",
            status: 503, side: .gateway)
    }

    /// The account's payments, newest first.
    public func payments(accountID: Int64, limit: Int = 100) async throws -> [PaymentRecord] {
        try await store.read { db in try await store.payments.list(accountID: accountID, limit: limit, on: db) }
    }

    /// Every account's payments, newest first (operators).
    public func allPayments(limit: Int = 100) async throws -> [PaymentRecord] {
        try await store.read { db in try await store.payments.all(limit: limit, on: db) }
    }

    /// One of the account's payments; 404 for any other.
    public func payment(id: Int64, accountID: Int64) async throws -> PaymentRecord {
        guard let payment = try await store.read({ db in try await store.payments.find(id: id, on: db) }),
            payment.accountID == accountID
        else { throw APIError.notFound("No such payment.") }
        return payment
    }

    /// Marks a pending payment succeeded and credits its product, in one transaction; nil when it was not
    /// pending any more (credited before, or canceled): then nothing happens, however often this is called.
    @discardableResult
    func succeed(_ paymentID: Int64, externalID: String?, paymentMethodID: String?) async throws -> PaymentRecord? {
        for _ in 0..<5 {
            let now = clock.nowMilliseconds()
            do {
                return try await store.transaction { db -> PaymentRecord? in
                    guard
                        let paid = try await store.payments.succeed(
                            id: paymentID, externalID: externalID, paymentMethodID: paymentMethodID, at: now, on: db)
                    else { return nil }
                    guard let product = plans.product(paid.product) else {
                        throw APIError.internal("The product \(paid.product) is gone from the plans data.")
                    }
                    guard try await ledger.credit(paid, product: product, now: now, on: db) else { throw CycleMoved() }
                    if paid.savePaymentMethod, product.kind == .plan, let method = paid.paymentMethodID {
                        // The user asked for renewal, and YooKassa saved the method.
                        try await store.renewals.save(
                            accountID: paid.accountID, product: product.id, paymentMethodID: method, now: now, on: db)
                    }
                    return paid
                }
            } catch is CycleMoved {
                continue
            }
        }
        throw APIError.conflict("The account changed concurrently; the payment will be credited on the next check.")
    }

    private struct CycleMoved: Error {}

    /// Records a pending payment's cancellation and its reason; nil when it was not pending.
    @discardableResult
    func cancel(_ paymentID: Int64, reason: String) async throws -> PaymentRecord? {
        try await store.transaction { db in try await store.payments.cancel(id: paymentID, reason: reason, on: db) }
    }

    /// Reads back every pending payment due by `due` (default: now; a lost notification loses no purchase);
    /// returns how many reached a final state.
    public func reconcile(due dueBy: Int64? = nil, limit: Int = 100) async throws -> Int {
        let now = clock.nowMilliseconds()
        let due = try await store.read { db in try await store.payments.due(now: dueBy ?? now, limit: limit, on: db) }
        var settled = 0
        for payment in due {
            do {
                if try await readBack(payment) {
                    settled += 1
                    continue
                }
            } catch {
                logger.warning(
                    "payment read-back failed",
                    metadata: [
                        "payment": "\(payment.id)", "provider": "\(payment.provider)",
                        "error_type": "\(type(of: error))",
                    ])
            }
            // Still pending: look again later, less often the older it is.
            let wait = min(Self.maxRecheckMilliseconds, max(30_000, (now - payment.createdAt) / 2))
            try await store.transaction { db in try await store.payments.recheck(id: payment.id, at: now + wait, on: db)
            }
        }
        return settled
    }

    /// Reads one pending payment back from its provider and settles it as the provider says; true when it is
    /// final now.
    func readBack(_ payment: PaymentRecord) async throws -> Bool {
        switch payment.provider {
        case "yookassa":
            guard let yookassa else { return false }
            return try await readBackYooKassa(payment, gateway: yookassa)
        default:
            // Stars has nothing to read back: an invoice nobody paid within a day is given up.
            guard clock.nowMilliseconds() >= payment.createdAt + Self.starsInvoiceLifetime else { return false }
            return try await cancel(payment.id, reason: "invoice_expired") != nil
        }
    }
}
