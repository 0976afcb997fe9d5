import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

extension BillingService {
    /// Refunds a succeeded payment (SPEC §13): through its provider (YooKassa's refund with an idempotence key,
    /// or `refundStarPayment`), then takes back its tokens still unspent — never more than the account has —
    /// and records what could not be taken back. A second refund of the same payment is a 409.
    public func refund(paymentID: Int64) async throws -> PaymentRecord {
        guard let payment = try await store.read({ db in try await store.payments.find(id: paymentID, on: db) }) else {
            throw APIError.notFound("No such payment.")
        }
        guard payment.status == .succeeded else {
            throw APIError.conflict("Only a succeeded payment can be refunded; this one is \(payment.status.rawValue).")
        }
        guard let product = plans.product(payment.product) else {
            throw APIError.internal("The product \(payment.product) is gone from the plans data.")
        }
        try await refundAtProvider(payment)
        for _ in 0..<5 {
            let now = clock.nowMilliseconds()
            do {
                return try await store.transaction { db in
                    guard let taken = try await ledger.takeBack(payment, product: product, now: now, on: db) else {
                        throw BalanceMoved()
                    }
                    // Conditional on `succeeded`: of two refunds at once, the second rolls its take-back back.
                    guard
                        let refunded = try await store.payments.refund(
                            id: payment.id, refundedTokens: taken, unrecoveredTokens: payment.tokens - taken, on: db)
                    else { throw APIError.conflict("The payment was refunded meanwhile.") }
                    return refunded
                }
            } catch is BalanceMoved {
                continue
            }
        }
        throw APIError.conflict("The account changed concurrently; try the refund again.")
    }

    private struct BalanceMoved: Error {}

    /// The money back, at the provider that took it.
    func refundAtProvider(_ payment: PaymentRecord) async throws {
        guard let externalID = payment.externalID else { throw APIError.internal("The payment has no provider id.") }
        do {
            switch payment.provider {
            case "yookassa":
                guard let yookassa else { throw Self.notConfigured("YooKassa") }
                _ = try await yookassa.client.refund(
                    YooKassaRefundRequest(paymentID: externalID, amount: YooKassaAmount(roubles: payment.amount)),
                    idempotenceKey: "tollgate-refund-\(payment.createdAt)-\(payment.id)")
            default:
                guard let stars else { throw Self.notConfigured("Telegram Stars") }
                guard let userID = payment.paymentMethodID.flatMap({ Int64($0) }) else {
                    throw APIError.internal("The Stars payment has no payer.")
                }
                try await stars.client.refundStarPayment(userID: userID, chargeID: externalID)
            }
        } catch let failure as ProviderFailure {
            logger.warning(
                "refund failed", metadata: ["payment": "\(payment.id)", "failure": "\(failure.kind.rawValue)"])
            throw APIError(
                code: "payment_provider_error", message: "The provider refused the refund: \(failure.message)",
                status: 502, side: .provider)
        }
    }
}
