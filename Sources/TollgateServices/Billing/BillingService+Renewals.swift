import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// Whether an account's plan renews itself, and with what.
public struct RenewalState: Sendable, Equatable {
    public var enabled: Bool
    /// The product that renews (`plan:<code>`).
    public var product: String
}

extension BillingService {
    /// How long before a cycle's end its renewal is charged.
    static let renewalLead: Int64 = 86_400_000

    /// Charges the saved method of every plan due to renew (its cycle ends within a day), once per cycle on any
    /// number of instances; a success starts the next cycle, a failure is recorded on its payment and leaves
    /// the plan to lapse at its end. Returns how many charges were made.
    public func renewDue(limit: Int = 100) async throws -> Int {
        guard let yookassa else { return 0 }
        let now = clock.nowMilliseconds()
        let due = try await store.read { db in
            try await store.renewals.due(before: now + Self.renewalLead, limit: limit, on: db)
        }
        var charged = 0
        for (renewal, expiry) in due {
            guard let product = plans.product(renewal.product) else { continue }
            let payment = try await store.transaction { db -> PaymentRecord? in
                guard try await store.renewals.claim(accountID: renewal.accountID, expiry: expiry, on: db) else {
                    return nil
                }
                return try await store.payments.insert(
                    NewPayment(
                        accountID: renewal.accountID, provider: "yookassa", product: product.id, tokens: product.tokens,
                        amount: product.priceRub, currency: "RUB", returnURL: nil, savePaymentMethod: false,
                        paymentMethodID: renewal.paymentMethodID, createdAt: now),
                    nextCheckAt: now + 30_000, on: db)
            }
            guard let payment else { continue }
            charged += 1
            do {
                let settled = try await createAtYooKassa(payment, product: product, gateway: yookassa)
                if settled.status == .canceled {
                    logger.notice(
                        "renewal failed",
                        metadata: ["payment": "\(payment.id)", "account": "\(payment.accountID)"])
                }
            } catch {
                // Left pending: the reconciler creates it again with the same key.
                logger.warning("renewal charge failed", metadata: ["payment": "\(payment.id)"])
            }
        }
        return charged
    }

    /// The account's renewal, or nil when no plan was bought with a saved method.
    public func renewal(accountID: Int64) async throws -> RenewalState? {
        try await store.read { db in try await store.renewals.find(accountID: accountID, on: db) }
            .map { RenewalState(enabled: $0.enabled, product: $0.product) }
    }

    /// Turns renewal on or off; 404 when no plan was bought with a saved method.
    public func setRenewal(accountID: Int64, enabled: Bool) async throws -> RenewalState {
        let now = clock.nowMilliseconds()
        guard
            let record = try await store.transaction({ db in
                try await store.renewals.setEnabled(accountID: accountID, enabled: enabled, now: now, on: db)
            })
        else {
            throw APIError.notFound("No plan renews with a saved payment method; buy one with save_payment_method.")
        }
        return RenewalState(enabled: record.enabled, product: record.product)
    }
}
