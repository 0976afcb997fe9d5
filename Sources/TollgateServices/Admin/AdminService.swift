import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// An account as the admin area shows it: its row, recent ledger entries, generations and payments.
public struct AdminAccount: Sendable {
    public var account: AccountRecord
    public var ledger: [LedgerEntry]
    public var generations: HistoryPage
    public var payments: [PaymentRecord]
}

/// The operator's decisions (SPEC §14): find and inspect accounts, adjust their tokens, set their plan, block
/// them, refund payments, switch models off and on, read the providers' standing and check the ledger. Every
/// action that changes something is recorded with the admin who did it. Only an account with the `admin` role
/// may act; anyone else is answered 404, as if the admin area did not exist.
public struct AdminService: Sendable {
    let store: Store
    let plans: PlanBook
    let ledger: LedgerService
    let billing: BillingService
    let users: UserService
    let switches: ModelSwitches
    let authenticator: Authenticator
    let stats: ProviderStats
    let clock: any WallClock
    let logger: Logger

    static let recentLimit = 50

    /// 404 for anyone who is not an admin.
    public static func requireAdmin(_ account: AccountRecord?) throws -> AccountRecord {
        guard let account, account.isAdmin, account.blockedAt == nil else { throw APIError.notFound() }
        return account
    }

    func audit(_ admin: AccountRecord, _ action: String, _ target: String, _ details: String) -> AdminAudit {
        AdminAudit(adminID: admin.id, action: action, target: target, details: details, now: clock.nowMilliseconds())
    }

    /// Writes an audit entry on its own, after an action that ran its own transaction.
    func record(_ audit: AdminAudit) async throws {
        try await store.statement { db in try await audit.record(on: db) }
        logger.notice(
            "admin action",
            metadata: ["admin": "\(audit.adminID)", "action": "\(audit.action)", "target": "\(audit.target)"])
    }

    // MARK: Accounts

    /// Accounts matching `text` (email, name or id), newest first; the newest accounts when `text` is empty.
    public func search(_ text: String, by admin: AccountRecord?) async throws -> [AccountRecord] {
        _ = try Self.requireAdmin(admin)
        let text = String(text.trimmingCharacters(in: .whitespaces).prefix(100))
        return try await store.read { db in try await store.accounts.search(text, limit: Self.recentLimit, on: db) }
    }

    /// One account with its recent ledger entries, generations and payments.
    public func account(id: Int64, by admin: AccountRecord?) async throws -> AdminAccount {
        _ = try Self.requireAdmin(admin)
        guard
            let (account, entries, payments) = try await store.read({ db in
                guard let account = try await store.accounts.find(id: id, on: db) else {
                    return nil as (AccountRecord, [LedgerEntry], [PaymentRecord])?
                }
                return (
                    account, try await store.ledger.recent(accountID: id, limit: Self.recentLimit, on: db),
                    try await store.payments.list(accountID: id, limit: Self.recentLimit, on: db)
                )
            })
        else { throw APIError.notFound("No such account.") }
        let generations = try await users.history(accountID: id, query: HistoryQuery([:]), countLimit: 0)
        return AdminAccount(account: account, ledger: entries, generations: generations, payments: payments)
    }

    /// Adds (or, negative, removes) package tokens with the reason the admin gave.
    public func adjust(accountID: Int64, tokens: Int64, reason: String, by admin: AccountRecord?) async throws
        -> AccountRecord
    {
        let admin = try Self.requireAdmin(admin)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let account = try await ledger.grant(
            accountID: accountID, tokens: tokens, bucket: .package, reason: "admin \(admin.email): \(reason)")
        try await record(audit(admin, "adjust_tokens", "account \(accountID)", "\(tokens) tokens: \(reason)"))
        return account
    }

    /// Puts an account on a plan, starting a new cycle.
    public func setPlan(accountID: Int64, plan: String, by admin: AccountRecord?) async throws -> AccountRecord {
        let admin = try Self.requireAdmin(admin)
        let account = try await ledger.startPlan(
            accountID: accountID, planCode: plan, reason: "set by admin \(admin.email)")
        authenticator.invalidate(accountID: accountID)
        try await record(audit(admin, "set_plan", "account \(accountID)", plan))
        return account
    }

    /// Blocks or unblocks an account. A block ends its browser sessions and refresh tokens at once; its keys
    /// and access tokens stop here at once and on other instances within their key cache's lifetime (1 s).
    public func setBlocked(accountID: Int64, blocked: Bool, by admin: AccountRecord?) async throws {
        let admin = try Self.requireAdmin(admin)
        guard accountID != admin.id else { throw APIError.validation(["account": "an admin cannot block themselves"]) }
        let audit = audit(admin, blocked ? "block" : "unblock", "account \(accountID)", "")
        let found = try await store.transaction { db -> Bool in
            guard
                try await store.accounts.setBlocked(
                    accountID: accountID, at: blocked ? audit.now : nil, on: db)
            else { return false }
            if blocked {
                try await store.webSessions.delete(accountID: accountID, on: db)
                try await store.refreshTokens.revoke(accountID: accountID, at: audit.now, on: db)
            }
            try await audit.record(on: db)
            return true
        }
        guard found else { throw APIError.notFound("No such account.") }
        authenticator.invalidate(accountID: accountID)
    }

    /// Sets an account's role by email (the command line's `accounts set-role`; no admin needed there).
    public func setRole(email: String, role: String) async throws -> AccountRecord {
        guard ["user", "admin"].contains(role) else { throw APIError.validation(["role": "must be user or admin"]) }
        let email = try AccountService.normalizedEmail(email)
        return try await store.transaction { db in
            guard let account = try await store.accounts.find(email: email, on: db),
                try await store.accounts.setRole(accountID: account.id, role: role, on: db),
                let updated = try await store.accounts.find(id: account.id, on: db)
            else { throw APIError.notFound("No account uses \(email).") }
            return updated
        }
    }

    // MARK: Payments, models, providers, ledger

    /// The newest payments of every account.
    public func payments(by admin: AccountRecord?) async throws -> [PaymentRecord] {
        _ = try Self.requireAdmin(admin)
        return try await billing.allPayments(limit: 200)
    }

    /// What users asked support for (refunds asked in the bot), newest first.
    public func supportRequests(by admin: AccountRecord?) async throws -> [SupportRequestRecord] {
        _ = try Self.requireAdmin(admin)
        return try await store.read { db in try await store.supportRequests.recent(limit: 100, on: db) }
    }

    /// Refunds a payment (SPEC §13) and records who did it.
    public func refund(paymentID: Int64, by admin: AccountRecord?) async throws -> PaymentRecord {
        let admin = try Self.requireAdmin(admin)
        let payment = try await billing.refund(paymentID: paymentID)
        try await record(
            audit(admin, "refund", "payment \(paymentID)", "\(payment.refundedTokens) tokens taken back"))
        return payment
    }

    /// Switches a catalog model off or back on, on every instance within a second.
    public func setModel(_ slug: String, enabled: Bool, catalog: Catalog, by admin: AccountRecord?) async throws {
        let admin = try Self.requireAdmin(admin)
        guard catalog.model(slug) != nil else { throw APIError.notFound("No such model.") }
        try await switches.set(
            slug, enabled: enabled, audit: audit(admin, enabled ? "enable_model" : "disable_model", slug, ""))
    }

    /// Each upstream's recent calls on this instance.
    public func providerStats(by admin: AccountRecord?) throws -> [ProviderStats.Summary] {
        _ = try Self.requireAdmin(admin)
        return stats.summaries()
    }

    /// Runs the ledger check and records that it ran; empty when all is well.
    public func checkLedger(by admin: AccountRecord?) async throws -> [String] {
        let admin = try Self.requireAdmin(admin)
        let problems = try await ledger.check()
        try await record(
            audit(admin, "ledger_check", "ledger", problems.isEmpty ? "clean" : "\(problems.count) problem(s)"))
        return problems
    }

    /// The newest admin actions.
    public func auditTrail(by admin: AccountRecord?) async throws -> [AdminActionRecord] {
        _ = try Self.requireAdmin(admin)
        return try await store.read { db in try await store.adminActions.recent(limit: 200, on: db) }
    }
}
