import Foundation
import SQLKit
import TollgateCore
import TollgateStore

/// The token ledger (SPEC §9): holds, captures and releases in the caller's transaction, grants, plan
/// cycles, and the check that proves every bucket equals the sum of its entries.
public struct LedgerService: Sendable {
    let store: Store
    let plans: PlanBook
    let clock: any WallClock

    public init(store: Store, plans: PlanBook, clock: any WallClock) {
        self.store = store
        self.plans = plans
        self.clock = clock
    }

    /// Holds `generation.price` for a new pending generation and inserts it, in the caller's transaction.
    /// Throws 402 `insufficient_tokens` (with `required` and `available`) when the balance is short.
    public func holdAndInsert(_ generation: NewGeneration, on db: any SQLDatabase) async throws -> (GenerationRecord, AccountRecord) {
        var generation = generation
        guard let taken = try await store.accounts.hold(accountID: generation.accountID, price: generation.price, on: db) else {
            let available = try await store.accounts.find(id: generation.accountID, on: db)?.availableTokens ?? 0
            throw APIError.insufficientTokens(required: generation.price, available: available)
        }
        generation.heldSubscription = taken.fromSubscription
        generation.heldPackage = generation.price - taken.fromSubscription
        generation.heldCycle = taken.account.cycleStartedAt
        let record = try await store.generations.insertPending(generation, on: db)
        try await store.ledger.append(
            holdEntries(record, now: generation.createdAt), on: db)
        return (record, taken.account)
    }

    func holdEntries(_ generation: GenerationRecord, now: Int64) -> [LedgerEntry] {
        var entries = [
            LedgerEntry(
                accountID: generation.accountID, kind: .hold, bucket: .hold, amount: generation.price,
                reason: "hold", generationID: generation.id, createdAt: now)
        ]
        if generation.heldSubscription > 0 {
            entries.append(LedgerEntry(
                accountID: generation.accountID, kind: .hold, bucket: .subscription, amount: -generation.heldSubscription,
                reason: "hold", generationID: generation.id, createdAt: now))
        }
        if generation.heldPackage > 0 {
            entries.append(LedgerEntry(
                accountID: generation.accountID, kind: .hold, bucket: .package, amount: -generation.heldPackage,
                reason: "hold", generationID: generation.id, createdAt: now))
        }
        return entries
    }

    /// Finishes a generation whose hold is open (see `settle`) and, if it has a `callback_url`, queues its
    /// webhook in the same transaction, so it is sent once per final status. Without a webhook the settlement
    /// is one statement on PostgreSQL, committed on its own together with those arriving meanwhile.
    /// Returns nil if it was already settled.
    public func finish(_ generation: GenerationRecord, outcome: GenerationOutcome) async throws -> (GenerationRecord, AccountRecord)? {
        if generation.callbackURL == nil, store.engine.kind == .postgres {
            let (sameCycle, newCycle) = Self.holdSettlements(generation, outcome: outcome)
            return try await store.settlements.settle(
                id: generation.id, heldCycle: generation.heldCycle, outcome: outcome, sameCycle: sameCycle, newCycle: newCycle)
        }
        let finish: @Sendable (any SQLDatabase) async throws -> (GenerationRecord, AccountRecord)? = { db in
            guard let settled = try await settle(generation, outcome: outcome, on: db) else { return nil }
            if let url = settled.0.callbackURL {
                try await store.webhooks.enqueue(
                    accountID: settled.0.accountID, generationID: settled.0.id, url: url, now: outcome.completedAt, on: db)
            }
            return settled
        }
        return try await store.transaction(finish)
    }

    /// Finishes a generation whose hold is open: stores `outcome`, captures `outcome.tokensSpent` and
    /// releases the rest — atomically, in the caller's transaction or (PostgreSQL) as one statement.
    /// Returns nil if it was already settled.
    public func settle(_ generation: GenerationRecord, outcome: GenerationOutcome, on db: any SQLDatabase) async throws -> (GenerationRecord, AccountRecord)? {
        if store.engine.kind == .postgres {
            let (sameCycle, newCycle) = Self.holdSettlements(generation, outcome: outcome)
            return try await store.settlements.settle(
                id: generation.id, heldCycle: generation.heldCycle, outcome: outcome, sameCycle: sameCycle, newCycle: newCycle,
                on: db)
        }
        // The owner's current cycle comes back with the finished row: one statement fewer per settlement.
        guard let (finished, accountCycle) = try await store.generations.finishReadingCycle(id: generation.id, outcome: outcome, on: db)
        else { return nil }
        let settlement = HoldSettlement(
            heldSubscription: finished.heldSubscription, heldPackage: finished.heldPackage,
            capture: Self.capture(outcome), sameCycle: finished.heldCycle == accountCycle)
        guard
            let settled = try await store.accounts.settle(
                accountID: finished.accountID, held: settlement.held, returnSubscription: settlement.returnedSubscription,
                returnPackage: settlement.returnedPackage, on: db)
        else { throw StoreError.notFound }
        let now = outcome.completedAt
        var entries: [LedgerEntry] = []
        func entry(_ kind: LedgerKind, _ bucket: TokenBucket, _ amount: Int64, _ reason: String) {
            guard amount != 0 else { return }
            entries.append(LedgerEntry(
                accountID: finished.accountID, kind: kind, bucket: bucket, amount: amount, reason: reason,
                generationID: finished.id, createdAt: now))
        }
        entry(.capture, .hold, -settlement.captured, "capture")
        let released = settlement.held - settlement.captured
        entry(.release, .hold, -released, settlement.releaseReason)
        entry(.release, .subscription, settlement.returnedSubscription, "release")
        entry(.release, .package, settlement.returnedPackage, "release")
        try await store.ledger.append(entries, on: db)
        return (finished, settled)
    }

    /// What a finished generation is charged: its tokens when completed, nothing when it failed.
    static func capture(_ outcome: GenerationOutcome) -> Int64 {
        outcome.status == .completed ? outcome.tokensSpent : 0
    }

    /// The settlement of `generation`'s hold with `outcome` if its cycle still runs, and if a new one began:
    /// PostgreSQL's statement picks by the account's cycle as it stands.
    static func holdSettlements(_ generation: GenerationRecord, outcome: GenerationOutcome) -> (sameCycle: HoldSettlement, newCycle: HoldSettlement) {
        func settlement(sameCycle: Bool) -> HoldSettlement {
            HoldSettlement(
                heldSubscription: generation.heldSubscription, heldPackage: generation.heldPackage, capture: capture(outcome),
                sameCycle: sameCycle)
        }
        return (settlement(sameCycle: true), settlement(sameCycle: false))
    }

    /// Adds (or with a negative amount, removes) tokens from a bucket as an operator adjustment.
    public func grant(accountID: Int64, tokens: Int64, bucket: TokenBucket, kind: LedgerKind = .adjustment, reason: String, paymentRef: String? = nil) async throws -> AccountRecord {
        guard bucket != .hold else { throw APIError.validation(["bucket": "must be package or subscription"]) }
        guard tokens != 0 else { throw APIError.validation(["tokens": "must not be zero"]) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw APIError.validation(["reason": "must not be empty"]) }
        let now = clock.nowMilliseconds()
        return try await store.transaction { db in
            guard let account = try await store.accounts.adjust(accountID: accountID, bucket: bucket, delta: tokens, on: db) else {
                throw APIError.validation(["tokens": "would make the \(bucket.rawValue) bucket negative"])
            }
            try await store.ledger.append(
                [LedgerEntry(accountID: accountID, kind: kind, bucket: bucket, amount: tokens, reason: reason, paymentRef: paymentRef, createdAt: now)],
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
                return try await startCycle(account: account, plan: plan, now: now, kind: .cycleReset, reason: reason, on: db)
            }
            if let result { return result }
        }
        throw APIError.conflict("The account changed concurrently; try again.")
    }

    func startCycle(account: AccountRecord, plan: Plan, now: Int64, kind: LedgerKind, reason: String, on db: any SQLDatabase) async throws -> AccountRecord? {
        let paid = plan.isPaid
        guard
            let (updated, delta) = try await store.accounts.startCycle(
                accountID: account.id, expectedExpiry: account.planExpiresAt, plan: plan.code,
                allowance: paid ? plan.monthlyTokens : 0, cycleStartedAt: paid ? now : nil,
                planExpiresAt: paid ? now + plans.cycleMilliseconds : nil, on: db)
        else { return nil }
        if delta != 0 {
            try await store.ledger.append(
                [LedgerEntry(accountID: account.id, kind: kind, bucket: .subscription, amount: delta,
                             reason: "\(reason): \(plan.code)", createdAt: now)], on: db)
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
                try await startCycle(account: account, plan: fallback, now: now, kind: .cycleReset, reason: "cycle expired", on: db)
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
            var problems: [String] = []
            for account in accounts {
                let sum = sums[account.id] ?? [:]
                let expected: [(TokenBucket, Int64)] = [
                    (.subscription, account.subscriptionTokens), (.package, account.packageTokens), (.hold, account.heldTokens),
                ]
                for (bucket, value) in expected where (sum[bucket] ?? 0) != value {
                    problems.append("account \(account.id) (\(account.email)): \(bucket.rawValue) bucket is \(value) but its entries sum to \(sum[bucket] ?? 0)")
                }
                let open = holds[account.id] ?? (0, 0)
                if open.total != account.heldTokens {
                    problems.append("account \(account.id) (\(account.email)): \(account.heldTokens) tokens held but open holds of generations total \(open.total)")
                }
                if open.notPending > 0 {
                    problems.append("account \(account.id) (\(account.email)): \(open.notPending) finished generation(s) still hold tokens")
                }
                if account.subscriptionTokens < 0 || account.packageTokens < 0 || account.heldTokens < 0 {
                    problems.append("account \(account.id) (\(account.email)): a bucket is negative")
                }
            }
            return problems
        }
    }
}
