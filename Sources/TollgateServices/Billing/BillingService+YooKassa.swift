import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// A configured YooKassa shop: its settings and the client that speaks its API.
public struct YooKassaGateway: Sendable {
    public var settings: YooKassaSettings
    public var client: YooKassaClient

    public init(settings: YooKassaSettings, client: YooKassaClient) {
        self.settings = settings
        self.client = client
    }
}

extension BillingService {
    /// The key YooKassa knows a payment's creation by: a retry after a timeout or a 5xx gets the same payment.
    /// Made of the payment's id and creation time, so another database on the same shop (a staging copy, a
    /// fresh install) never sends a key YooKassa already bound to one of this database's payments.
    static func idempotenceKey(_ payment: PaymentRecord) -> String { "tollgate-\(payment.createdAt)-\(payment.id)" }

    /// Creates `payment` at YooKassa (retried with the same idempotence key while it answers 5xx or times out)
    /// and stores its id and confirmation page. A payment YooKassa never answered for stays pending without
    /// an id, and the reconciler creates it again with the same key.
    func createAtYooKassa(_ payment: PaymentRecord, product: Product, gateway: YooKassaGateway) async throws
        -> PaymentRecord
    {
        var failure = ProviderFailure(.connection, "YooKassa was not reached.")
        for attempt in 0..<3 {
            if attempt > 0 { try await Task.sleep(for: .milliseconds(200 * attempt)) }
            do {
                let created = try await gateway.client.create(
                    try await yooKassaRequest(payment, product: product, settings: gateway.settings),
                    idempotenceKey: Self.idempotenceKey(payment))
                let stored = try await store.transaction { db in
                    try await store.payments.attach(
                        id: payment.id, externalID: created.id, confirmationURL: created.confirmation?.confirmationURL,
                        on: db)
                }
                _ = try await apply(created, to: stored ?? payment)
                return try await store.read { db in try await store.payments.find(id: payment.id, on: db) } ?? payment
            } catch let error as ProviderFailure {
                failure = error
                guard error.allowsFallback else { break }
            }
        }
        logger.warning(
            "payment create failed", metadata: ["payment": "\(payment.id)", "failure": "\(failure.kind.rawValue)"])
        if !failure.allowsFallback {
            // Refused, not lost: asking again with the same body would be refused again.
            try await cancel(payment.id, reason: "rejected_by_provider")
        }
        throw APIError(
            code: "payment_provider_error", message: "YooKassa did not accept the payment; try again.", status: 502,
            side: .provider)
    }

    /// The create request for `payment`: the same body for every retry of the same payment.
    func yooKassaRequest(_ payment: PaymentRecord, product: Product, settings: YooKassaSettings) async throws
        -> YooKassaPaymentRequest
    {
        let amount = YooKassaAmount(roubles: payment.amount)
        var request = YooKassaPaymentRequest(
            amount: amount, capture: true, confirmation: .redirect(returnURL: payment.returnURL ?? returnURL),
            description: String("Tollgate: \(product.name)".prefix(128)),
            metadata: ["payment_id": String(payment.id), "account_id": String(payment.accountID)])
        if payment.savePaymentMethod { request.savePaymentMethod = true }
        if let method = payment.paymentMethodID, payment.status == .pending {
            // A renewal: the saved method is charged without the user.
            request.paymentMethodID = method
            request.confirmation = nil
        }
        if settings.receipts {
            let account = try await store.read { db in try await store.accounts.find(id: payment.accountID, on: db) }
            guard let email = account.flatMap(UserProfile.email) else {
                throw APIError.validation(["account": "needs an email address for the receipt"])
            }
            request.receipt = YooKassaReceipt(
                customer: YooKassaReceipt.Customer(email: email),
                items: [
                    YooKassaReceipt.Item(
                        description: String(product.name.prefix(128)), amount: amount, vatCode: settings.vatCode)
                ],
                taxSystemCode: settings.taxSystemCode)
        }
        return request
    }

    /// A notification from YooKassa: only from its networks (403 otherwise), and never trusted — the payment is
    /// read back and settled as YooKassa then says. Throws only when the outcome could not be recorded, so that
    /// YooKassa delivers it again.
    public func yooKassaNotification(_ body: [UInt8], from address: String) async throws {
        guard let yookassa else { throw Self.notConfigured("YooKassa") }
        guard yookassa.settings.trustedNetworks.contains(where: { $0.contains(address) }) else {
            logger.warning("notification from an untrusted address", metadata: ["provider": "yookassa"])
            throw APIError(code: "forbidden", message: "Not a YooKassa address.", status: 403, side: .caller)
        }
        let notification: YooKassaNotification
        do {
            notification = try YooKassaMapping.notification(body)
        } catch {
            throw APIError.badRequest("The notification is not YooKassa's JSON.")
        }
        let externalID = notification.object.id
        guard
            let payment = try await store.read({ db in
                try await store.payments.find(provider: "yookassa", externalID: externalID, on: db)
            })
        else {
            // Not ours (or not stored yet): nothing to do, and nothing YooKassa should send again.
            logger.notice("notification for an unknown payment", metadata: ["provider": "yookassa"])
            return
        }
        guard payment.status == .pending else { return }
        _ = try await readBackYooKassa(payment, gateway: yookassa)
    }

    /// Reads a pending YooKassa payment back and settles it; true when it is final now.
    func readBackYooKassa(_ payment: PaymentRecord, gateway: YooKassaGateway) async throws -> Bool {
        guard let externalID = payment.externalID else {
            // The create was never answered: ask again with the same key (YooKassa answers with the payment).
            guard let product = plans.product(payment.product) else { return false }
            _ = try await createAtYooKassa(payment, product: product, gateway: gateway)
            return try await store.read { db in try await store.payments.find(id: payment.id, on: db) }?.status.isFinal
                ?? false
        }
        return try await apply(try await gateway.client.payment(id: externalID), to: payment)
    }

    /// Settles `payment` as YooKassa's own answer says; true when it is final now.
    func apply(_ remote: YooKassaPayment, to payment: PaymentRecord) async throws -> Bool {
        guard remote.metadata?["payment_id"] == nil || remote.metadata?["payment_id"] == String(payment.id) else {
            logger.error("payment id mismatch", metadata: ["payment": "\(payment.id)", "provider": "yookassa"])
            return false
        }
        switch remote.status {
        case .succeeded:
            guard remote.amount == YooKassaAmount(roubles: payment.amount), remote.amount.currency == payment.currency
            else {
                logger.error("payment amount mismatch", metadata: ["payment": "\(payment.id)", "provider": "yookassa"])
                return false
            }
            let method = remote.paymentMethod?.saved == true ? remote.paymentMethod?.id : nil
            try await succeed(payment.id, externalID: remote.id, paymentMethodID: method)
            return true
        case .canceled:
            try await cancel(payment.id, reason: remote.cancellationDetails?.reason ?? "canceled")
            return true
        default:
            return false
        }
    }
}
