import Foundation
import SQLKit
import TollgateCore
import TollgateStore

/// Decides everything about accounts: email normalisation, the plan a new account starts on, the
/// tokens it is granted, and the ledger entries that record them.
public struct AccountService: Sendable {
    let store: Store
    let plans: PlanBook
    let clock: any WallClock

    public init(store: Store, plans: PlanBook, clock: any WallClock) {
        self.store = store
        self.plans = plans
        self.clock = clock
    }

    /// Lower-cases and trims an email; 422 if it does not look like one.
    public static func normalizedEmail(_ email: String) throws -> String {
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.utf8.count <= 254, parts.count == 2, isLocalPart(parts[0]), isDomain(parts[1]) else {
            throw APIError.validation(["email": "must be an email address"])
        }
        return trimmed
    }

    /// RFC 5322's dot-atom in ASCII: letters, digits and ``!#$%&'*+/=?^_`{|}~-``, dots between them. No
    /// control character, space or angle bracket can pass, so an address is safe in an SMTP command or header.
    static func isLocalPart(_ local: Substring) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-.")
        return !local.isEmpty && local.allSatisfy(allowed.contains)
            && !local.hasPrefix(".") && !local.hasSuffix(".") && !local.contains("..")
    }

    /// A DNS name of two labels or more (letters, digits, inner hyphens; international names in punycode),
    /// ending in a top-level label of letters (or `xn--`).
    static func isDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard labels.count >= 2, let top = labels.last,
            top.count >= 2, top.allSatisfy(\.isLetter) || top.hasPrefix("xn--")
        else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy(allowed.contains) && !label.hasPrefix("-")
                && !label.hasSuffix("-")
        }
    }

    /// Creates an account on `planCode`: a paid plan starts a cycle with its allowance, a plan's signup
    /// grant (Starter's 50) goes to the package bucket, and `extraTokens` are granted on top. `alongside`
    /// runs in the same transaction with the new row (sign-up stores credentials there, so both or neither exist).
    public func create(
        email: String, name: String? = nil, planCode: String, extraTokens: Int64 = 0,
        alongside: (@Sendable (AccountRecord, any SQLDatabase) async throws -> Void)? = nil
    ) async throws -> AccountRecord {
        let email = try Self.normalizedEmail(email)
        guard let plan = plans.plan(planCode) else {
            throw APIError.validation(["plan": "must be one of \(plans.plans.map(\.code).joined(separator: ", "))"])
        }
        guard extraTokens >= 0 else { throw APIError.validation(["tokens": "must not be negative"]) }
        let now = clock.nowMilliseconds()
        let cycleEnd = plan.isPaid ? now + plans.cycleMilliseconds : nil
        let account = NewAccount(
            email: email, name: name, plan: plan.code, cycleStartedAt: plan.isPaid ? now : nil,
            planExpiresAt: cycleEnd, createdAt: now)
        do {
            return try await store.transaction { db in
                let created = try await store.accounts.insert(account, on: db)
                var entries: [LedgerEntry] = []
                if plan.isPaid, plan.monthlyTokens > 0 {
                    entries.append(
                        LedgerEntry(
                            accountID: created.id, kind: .cycleReset, bucket: .subscription, amount: plan.monthlyTokens,
                            reason: "cycle start: \(plan.code)", createdAt: now))
                }
                if plan.signupTokens > 0 {
                    entries.append(
                        LedgerEntry(
                            accountID: created.id, kind: .grant, bucket: .package, amount: plan.signupTokens,
                            reason: "signup grant: \(plan.code)", createdAt: now))
                }
                if extraTokens > 0 {
                    entries.append(
                        LedgerEntry(
                            accountID: created.id, kind: .adjustment, bucket: .package, amount: extraTokens,
                            reason: "initial grant", createdAt: now))
                }
                let account = try await self.apply(entries, to: created, on: db)
                try await alongside?(account, db)
                return account
            }
        } catch StoreError.duplicate {
            throw APIError.conflict("An account with this email already exists.")
        }
    }

    /// Appends entries and moves the account's buckets by the same amounts, in the caller's transaction.
    func apply(_ entries: [LedgerEntry], to account: AccountRecord, on db: any SQLDatabase) async throws
        -> AccountRecord
    {
        var current = account
        for entry in entries {
            guard
                let updated = try await store.accounts.adjust(
                    accountID: account.id, bucket: entry.bucket, delta: entry.amount, on: db)
            else { throw APIError.validation(["tokens": "would make the \(entry.bucket.rawValue) bucket negative"]) }
            current = updated
        }
        try await store.ledger.append(entries, on: db)
        return current
    }

    /// The account with this email, or 404.
    public func find(email: String) async throws -> AccountRecord {
        let email = try Self.normalizedEmail(email)
        guard let account = try await store.read({ db in try await store.accounts.find(email: email, on: db) }) else {
            throw APIError.notFound("No account with email \(email).")
        }
        return account
    }

    /// The account with this id, or 404.
    public func find(id: Int64) async throws -> AccountRecord {
        guard let account = try await store.read({ db in try await store.accounts.find(id: id, on: db) }) else {
            throw APIError.notFound("No such account.")
        }
        return account
    }
}
