import SQLKit
import TollgateCore
import TollgateStore

extension LedgerService {
    /// The ledger's name for a payment: entries naming it are unique per payment and kind in the database.
    static func paymentRef(_ paymentID: Int64) -> String { "payment:\(paymentID)" }

    /// Credits a payment that has just succeeded, in the caller's transaction (the one that marked it so): a
    /// package's tokens to the package bucket, or a plan's new cycle at once. False when the account's cycle
    /// changed under it (a concurrent reset): the caller rolls back and tries again.
    func credit(_ payment: PaymentRecord, product: Product, now: Int64, on db: any SQLDatabase) async throws -> Bool {
        let ref = Self.paymentRef(payment.id)
        switch product.kind {
        case .package:
            guard
                try await store.accounts.adjust(
                    accountID: payment.accountID, bucket: .package, delta: payment.tokens, on: db)
                    != nil
            else { throw APIError.notFound("No such account.") }
            try await store.ledger.append(
                [
                    LedgerEntry(
                        accountID: payment.accountID, kind: .purchase, bucket: .package, amount: payment.tokens,
                        reason: "purchase: \(product.id)", paymentRef: ref, createdAt: now)
                ], on: db)
            return true
        case .plan:
            guard let plan = plans.plan(product.code),
                let account = try await store.accounts.find(id: payment.accountID, on: db)
            else { throw APIError.notFound("No such plan or account.") }
            return try await startCycle(
                account: account, plan: plan, now: now, kind: .purchase, reason: "purchase", paymentRef: ref, on: db)
                != nil
        }
    }
}

extension LedgerService {
    /// Every payment credited other than once: a succeeded (or refunded) payment needs exactly one purchase
    /// entry naming it, a pending or canceled one none.
    func paymentProblems(on db: any SQLDatabase) async throws -> [String] {
        let purchases = try await store.ledger.purchasesByPayment(on: db)
        var problems: [String] = []
        var seen = Set<String>()
        for payment in try await store.payments.all(limit: .max, on: db) {
            let ref = Self.paymentRef(payment.id)
            seen.insert(ref)
            let expected = payment.status == .succeeded || payment.status == .refunded ? 1 : 0
            let found = purchases[ref] ?? 0
            if found != expected {
                problems.append(
                    "payment \(payment.id) (\(payment.status.rawValue)): \(found) purchase entries, expected \(expected)"
                )
            }
        }
        for (ref, count) in purchases where !seen.contains(ref) {
            problems.append("\(count) purchase entries name \(ref), which is not a payment")
        }
        return problems
    }
}

extension LedgerService {
    /// Takes back a refunded payment's tokens that are still unspent, in the caller's transaction: a package's
    /// from the package bucket, a plan's by ending the plan now (its remaining allowance lapses). Never below
    /// zero; returns what was taken, or nil when the balance moved under it (the caller tries again).
    func takeBack(_ payment: PaymentRecord, product: Product, now: Int64, on db: any SQLDatabase) async throws
        -> Int64?
    {
        let ref = Self.paymentRef(payment.id)
        guard let account = try await store.accounts.find(id: payment.accountID, on: db) else {
            throw APIError.notFound("No such account.")
        }
        switch product.kind {
        case .package:
            let taken = min(payment.tokens, max(account.packageTokens, 0))
            if taken > 0 {
                guard
                    try await store.accounts.adjust(accountID: account.id, bucket: .package, delta: -taken, on: db)
                        != nil
                else { return nil }
            }
            try await store.ledger.append(
                [
                    LedgerEntry(
                        accountID: account.id, kind: .refund, bucket: .package, amount: -taken,
                        reason: "refund: \(product.id)", paymentRef: ref, createdAt: now)
                ], on: db)
            return taken
        case .plan:
            guard let fallback = plans.plan(plans.fallbackPlan) else { throw APIError.internal("No fallback plan.") }
            guard account.plan == product.code else {
                // A later purchase replaced the plan: nothing of this one is left to take.
                try await store.ledger.append(
                    [
                        LedgerEntry(
                            accountID: account.id, kind: .refund, bucket: .subscription, amount: 0,
                            reason: "refund: \(product.id)", paymentRef: ref, createdAt: now)
                    ], on: db)
                return 0
            }
            let taken = min(payment.tokens, max(account.subscriptionTokens, 0))
            guard
                try await startCycle(
                    account: account, plan: fallback, now: now, kind: .refund, reason: "refund", paymentRef: ref, on: db
                )
                    != nil
            else { return nil }
            return taken
        }
    }
}
