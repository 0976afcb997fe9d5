import Foundation
import SQLKit
import TollgateCore
import TollgateStore

/// The token ledger (SPEC §9): settlements, grants, plan cycles, the sweeper's releases, and the check that
/// proves every bucket equals the sum of its entries. (Holds are taken by the admission, `AdmissionStore`.)
public struct LedgerService: Sendable {
    let store: Store
    let plans: PlanBook
    let clock: any WallClock

    public init(store: Store, plans: PlanBook, clock: any WallClock) {
        self.store = store
        self.plans = plans
        self.clock = clock
    }

    /// Finishes a generation whose hold is open: stores `outcome`, captures its tokens (of a completed one),
    /// releases the rest and queues its webhook, atomically (`SettlementStore.settle`). Nil if it was already
    /// settled.
    public func finish(_ generation: GenerationRecord, outcome: GenerationOutcome) async throws -> (
        GenerationRecord, AccountRecord
    )? {
        try await store.settlements.settle(generation, outcome: outcome)
    }

    /// Adds (or with a negative amount, removes) tokens from a bucket as an operator adjustment.
    public func grant(
        accountID: Int64, tokens: Int64, bucket: TokenBucket, kind: LedgerKind = .adjustment, reason: String,
        paymentRef: String? = nil
    ) async throws -> AccountRecord {
        guard bucket != .hold else { throw APIError.validation(["bucket": "must be package or subscription"]) }
        guard tokens != 0 else { throw APIError.validation(["tokens": "must not be zero"]) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw APIError.validation(["reason": "must not be empty"]) }
        let now = clock.nowMilliseconds()
        return try await store.transaction { db in
            guard
                let account = try await store.accounts.adjust(
                    accountID: accountID, bucket: bucket, delta: tokens, on: db)
            else {
                throw APIError.validation(["tokens": "would make the \(bucket.rawValue) bucket negative"])
            }
            try await store.ledger.append(
                [
                    LedgerEntry(
                        accountID: accountID, kind: kind, bucket: bucket, amount: tokens, reason: reason,
                        paymentRef: paymentRef, createdAt: now)
                ],
                on: db)
            return account
        }
    }

    /// Puts an account on a plan and starts a new cycle at once (a purchase or renewal): the subscription
    /// bucket becomes the plan's allowance. The free plan has no cycle.
    public func startPlan(accountID: Int64, planCode: String, reason: String) async throws -> AccountRecord {
        guard let plan = plans.plan(planCode) else {
            throw APIError.validation(["plan": "must be one of \(plans.plans.map(\.code).joined(separator: ", "))"])
        }
        let now = clock.nowMilliseconds()
        // A concurrent reset changes the expiry; retry on the fresh row so exactly one cycle starts per call.
        for _ in 0..<5 {
            let result = try await store.transaction { db -> AccountRecord? in
                guard let account = try await store.accounts.find(id: accountID, on: db) else {
                    throw APIError.notFound("No such account.")
                }
                return try await startCycle(
                    account: account, plan: plan, now: now, kind: .cycleReset, reason: reason, on: db)
            }
            if let result { return result }
        }
        throw APIError.conflict("The account changed concurrently; try again.")
    }

    /// Starts a cycle of `plan` if the account's expiry is still the one read (nil if another reset came first),
    /// with its ledger entry; an entry naming a payment (`paymentRef`) is written even when the bucket did not move.
    func startCycle(
        account: AccountRecord, plan: Plan, now: Int64, kind: LedgerKind, reason: String, paymentRef: String? = nil,
        on db: any SQLDatabase
    ) async throws -> AccountRecord? {
        let paid = plan.isPaid
        guard
            let (updated, delta) = try await store.accounts.startCycle(
                accountID: account.id, expectedExpiry: account.planExpiresAt, plan: plan.code,
                allowance: paid ? plan.monthlyTokens : 0, cycleStartedAt: paid ? now : nil,
                planExpiresAt: paid ? now + plans.cycleMilliseconds : nil, on: db)
        else { return nil }
        if delta != 0 || paymentRef != nil {
            try await store.ledger.append(
                [
                    LedgerEntry(
                        accountID: account.id, kind: kind, bucket: .subscription, amount: delta,
                        reason: "\(reason): \(plan.code)", paymentRef: paymentRef, createdAt: now)
                ], on: db)
        }
        return updated
    }

    /// Ends every cycle past its expiry: the account falls back to the fallback plan (Starter), its
    /// subscription tokens lapse and its package tokens stay. Exactly once per cycle, on any number of
    /// instances. Returns how many accounts fell back.
    public func expireCycles(limit: Int = 500) async throws -> Int {
        let now = clock.nowMilliseconds()
        guard let fallback = plans.plan(plans.fallbackPlan) else { return 0 }
        let due = try await store.read { db in try await store.accounts.expired(now: now, limit: limit, on: db) }
        var count = 0
        for account in due {
            let done = try await store.transaction { db in
                try await startCycle(
                    account: account, plan: fallback, now: now, kind: .cycleReset, reason: "cycle expired", on: db)
            }
            if done != nil { count += 1 }
        }
        return count
    }

    /// Fails every generation still holding tokens past its model's deadline (its process died or
    /// hung) and releases the hold. Returns how many it settled.
    public func releaseOverdue(limit: Int = 500) async throws -> Int {
        let now = clock.nowMilliseconds()
        let overdue = try await store.read { db in try await store.generations.overdue(now: now, limit: limit, on: db) }
        var count = 0
        for generation in overdue {
            let outcome = GenerationOutcome(
                status: .failed, tokensSpent: 0, error: "The generation did not finish before its deadline.",
                processingMs: now - generation.createdAt, completedAt: now)
            if try await finish(generation, outcome: outcome) != nil {
                count += 1
            }
        }
        return count
    }

    /// Every inconsistency between the buckets, the ledger and the open holds; empty when all is well.
    public func check() async throws -> [String] {
        try await store.read { db in
            let accounts = try await store.accounts.all(on: db)
            let sums = try await store.ledger.sums(on: db)
            let holds = try await store.generations.openHolds(on: db)
            var problems = try await paymentProblems(on: db)
            for account in accounts {
                let sum = sums[account.id] ?? [:]
                let expected: [(TokenBucket, Int64)] = [
                    (.subscription, account.subscriptionTokens), (.package, account.packageTokens),
                    (.hold, account.heldTokens),
                ]
                for (bucket, value) in expected where (sum[bucket] ?? 0) != value {
                    problems.append(
                        "account \(account.id) (\(account.email)): \(bucket.rawValue) bucket is \(value) but its entries sum to \(sum[bucket] ?? 0)"
                    )
                }
                let open = holds[account.id] ?? (0, 0)
                if open.total != account.heldTokens {
                    problems.append(
                        "account \(account.id) (\(account.email)): \(account.heldTokens) tokens held but open holds of generations total \(open.total)"
                    )
                }
                if open.notPending > 0 {
                    problems.append(
                        "account \(account.id) (\(account.email)): \(open.notPending) finished generation(s) still hold tokens"
                    )
                }
                if account.subscriptionTokens < 0 || account.packageTokens < 0 || account.heldTokens < 0 {
                    problems.append("account \(account.id) (\(account.email)): a bucket is negative")
                }
            }
            return problems
        }
    }
}
