import SQLKit

/// Literal SQL over `payments`. Every change of status is conditional on the status it leaves, so of any
/// number of concurrent notifications, return visits and reconciler passes exactly one moves a payment.
public struct PaymentStore: Sendable {
    public init() {}

    /// Stores a new pending payment, due for its first read-back at `nextCheckAt`.
    public func insert(_ payment: NewPayment, nextCheckAt: Int64, on db: any SQLDatabase) async throws -> PaymentRecord
    {
        guard
            let row = try await db.raw(
                """
                INSERT INTO payments (account_id, provider, product, tokens, amount, currency, status, return_url,
                    save_payment_method, payment_method_id, created_at, next_check_at)
                VALUES (\(bind: payment.accountID), \(bind: payment.provider), \(bind: payment.product),
                    \(bind: payment.tokens), \(bind: payment.amount), \(bind: payment.currency), 'pending',
                    \(bind: payment.returnURL), \(bind: payment.savePaymentMethod ? 1 : 0), \(bind: payment.paymentMethodID),
                    \(bind: payment.createdAt),
                    \(bind: nextCheckAt))
                RETURNING \(unsafeRaw: PaymentRecord.columnList)
                """
            ).first()
        else { throw StoreError.notFound }
        return try PaymentRecord(row: row)
    }

    /// Records the provider's id and the page or link the user pays on.
    public func attach(id: Int64, externalID: String?, confirmationURL: String?, on db: any SQLDatabase) async throws
        -> PaymentRecord?
    {
        try await db.raw(
            """
            UPDATE payments SET external_id = COALESCE(\(bind: externalID), external_id),
                confirmation_url = COALESCE(\(bind: confirmationURL), confirmation_url)
            WHERE id = \(bind: id)
            RETURNING \(unsafeRaw: PaymentRecord.columnList)
            """
        ).first().map(PaymentRecord.init(row:))
    }

    public func find(id: Int64, on db: any SQLDatabase) async throws -> PaymentRecord? {
        try await db.raw("SELECT \(unsafeRaw: PaymentRecord.columnList) FROM payments WHERE id = \(bind: id)")
            .first().map(PaymentRecord.init(row:))
    }

    public func find(provider: String, externalID: String, on db: any SQLDatabase) async throws -> PaymentRecord? {
        try await db.raw(
            """
            SELECT \(unsafeRaw: PaymentRecord.columnList) FROM payments
            WHERE provider = \(bind: provider) AND external_id = \(bind: externalID)
            """
        ).first().map(PaymentRecord.init(row:))
    }

    /// An account's payments, newest first.
    public func list(accountID: Int64, limit: Int, on db: any SQLDatabase) async throws -> [PaymentRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: PaymentRecord.columnList) FROM payments WHERE account_id = \(bind: accountID)
            ORDER BY id DESC LIMIT \(bind: limit)
            """
        ).all().map(PaymentRecord.init(row:))
    }

    /// Every payment, newest first (the admin's list and the ledger check).
    public func all(limit: Int, on db: any SQLDatabase) async throws -> [PaymentRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: PaymentRecord.columnList) FROM payments ORDER BY id DESC LIMIT \(bind: limit)"
        )
        .all().map(PaymentRecord.init(row:))
    }

    /// Marks a pending payment succeeded; nil if it was not pending (settled before: nothing to credit).
    public func succeed(
        id: Int64, externalID: String?, paymentMethodID: String?, at time: Int64, on db: any SQLDatabase
    )
        async throws -> PaymentRecord?
    {
        try await db.raw(
            """
            UPDATE payments SET status = 'succeeded', paid_at = \(bind: time), next_check_at = NULL,
                external_id = COALESCE(\(bind: externalID), external_id),
                payment_method_id = COALESCE(\(bind: paymentMethodID), payment_method_id)
            WHERE id = \(bind: id) AND status = 'pending'
            RETURNING \(unsafeRaw: PaymentRecord.columnList)
            """
        ).first().map(PaymentRecord.init(row:))
    }

    /// Marks a pending payment canceled with its reason; nil if it was not pending.
    public func cancel(id: Int64, reason: String, on db: any SQLDatabase) async throws -> PaymentRecord? {
        try await db.raw(
            """
            UPDATE payments SET status = 'canceled', cancellation_reason = \(bind: reason), next_check_at = NULL
            WHERE id = \(bind: id) AND status = 'pending'
            RETURNING \(unsafeRaw: PaymentRecord.columnList)
            """
        ).first().map(PaymentRecord.init(row:))
    }

    /// Marks a succeeded payment refunded with what was taken back; nil if it was not succeeded.
    public func refund(id: Int64, refundedTokens: Int64, unrecoveredTokens: Int64, on db: any SQLDatabase) async throws
        -> PaymentRecord?
    {
        try await db.raw(
            """
            UPDATE payments SET status = 'refunded', refunded_tokens = \(bind: refundedTokens),
                unrecovered_tokens = \(bind: unrecoveredTokens)
            WHERE id = \(bind: id) AND status = 'succeeded'
            RETURNING \(unsafeRaw: PaymentRecord.columnList)
            """
        ).first().map(PaymentRecord.init(row:))
    }

    /// Pending payments due for a read-back, oldest first.
    public func due(now: Int64, limit: Int, on db: any SQLDatabase) async throws -> [PaymentRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: PaymentRecord.columnList) FROM payments
            WHERE status = 'pending' AND next_check_at IS NOT NULL AND next_check_at <= \(bind: now)
            ORDER BY next_check_at LIMIT \(bind: limit)
            """
        ).all().map(PaymentRecord.init(row:))
    }

    /// Puts off a pending payment's next read-back.
    public func recheck(id: Int64, at time: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE payments SET next_check_at = \(bind: time) WHERE id = \(bind: id) AND status = 'pending'"
        ).run()
    }
}
