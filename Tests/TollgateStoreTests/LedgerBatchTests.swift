import SQLKit
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateStore

/// PostgreSQL's admissions and settlements run in batches (one statement for many calls): a batch must
/// leave the database exactly as the same calls one by one would, refuse as a whole what it cannot
/// decide, and under concurrency never overdraw nor lose a token.
@Suite(.enabled(if: TestDatabase.postgresAdminURL != nil))
struct LedgerBatchTests {
    static let price: Int64 = 10

    /// Two fresh stores with the same accounts: a (25 subscription tokens in cycle 500, 100 package) and
    /// b (40 package).
    func withTwoStores(_ body: (Store, Store, [Int64]) async throws -> Void) async throws {
        let (batched, first) = try await TestDatabase.postgres.makeStore()
        let (single, second) = try await TestDatabase.postgres.makeStore()
        var accounts: [Int64] = []
        do {
            for store in [batched, single] {
                accounts = try await store.transaction { db in
                    let a = try await store.accounts.insert(
                        NewAccount(email: "a@example.com", plan: "vip", createdAt: 1), on: db)
                    let b = try await store.accounts.insert(
                        NewAccount(email: "b@example.com", plan: "vip", createdAt: 1), on: db)
                    try await store.accounts.setPlan(
                        accountID: a.id, plan: "vip", cycleStartedAt: 500, planExpiresAt: nil, on: db)
                    for (account, bucket, tokens) in [
                        (a.id, TokenBucket.subscription, 25), (a.id, .package, 100), (b.id, .package, 40),
                    ] {
                        _ = try await store.accounts.adjust(
                            accountID: account, bucket: bucket, delta: Int64(tokens), on: db)
                        try await store.ledger.append(
                            [
                                LedgerEntry(
                                    accountID: account, kind: .grant, bucket: bucket, amount: Int64(tokens),
                                    reason: "grant", createdAt: 1)
                            ],
                            on: db)
                    }
                    return [a.id, b.id]
                }
            }
            try await body(batched, single, accounts)
        } catch {
            await close(batched, first, single, second)
            throw error
        }
        await close(batched, first, single, second)
    }

    func close(_ a: Store, _ first: Scratch, _ b: Store, _ second: Scratch) async {
        await a.engine.shutdown()
        await b.engine.shutdown()
        await first.remove()
        await second.remove()
    }

    func admission(_ account: Int64, price: Int64 = price, hourLimit: Int64 = 10) -> AdmissionStore.Admit {
        AdmissionStore.Admit(
            generation: NewGeneration(
                accountID: account, keyID: account == 1 ? 7 : nil, modelSlug: "gpt-5-nano", category: "text",
                prompt: "say \"hi\"\n", request: #"{"model":"gpt-5-nano","temperature":0.7}"#, price: price,
                heldSubscription: 0, heldPackage: 0, heldCycle: nil, deadlineAt: 9_000, createdAt: 1_000,
                nextPollAt: account == 1 ? 1_000 : nil, callbackURL: nil),
            windows: [
                WindowCount(kind: "h", windowStart: 0, limit: hourLimit),
                WindowCount(kind: "d", windowStart: 0, limit: 100),
            ])
    }

    /// Everything the ledger statements write, as comparable lines.
    func snapshot(_ store: Store) async throws -> [String] {
        try await store.read { db in
            var lines: [String] = []
            for row in try await db.raw(
                "SELECT id, subscription_tokens, package_tokens, held_tokens, last_movement FROM accounts ORDER BY id"
            ).all() {
                lines.append(
                    "account \(try row.decode(column: "id", as: Int64.self)): "
                        + "\(try row.decode(column: "subscription_tokens", as: Int64.self)) "
                        + "\(try row.decode(column: "package_tokens", as: Int64.self)) "
                        + "held \(try row.decode(column: "held_tokens", as: Int64.self))")
            }
            for row in try await db.raw("SELECT id FROM generations ORDER BY id").all() {
                let id = try row.decode(column: "id", as: Int64.self)
                lines.append("generation \(String(describing: try await store.generations.find(id: id, on: db)))")
            }
            for row in try await db.raw(
                "SELECT account_id, kind, bucket, amount, reason, generation_id, created_at FROM ledger_entries ORDER BY id"
            ).all() {
                lines.append(
                    "entry "
                        + (try ["account_id", "kind", "bucket", "amount", "reason", "generation_id", "created_at"].map {
                            try row.decode(column: $0, as: String?.self) ?? "-"
                        }.joined(separator: " ")))
            }
            for row in try await db.raw(
                "SELECT account_id, kind, window_start, used FROM rate_windows ORDER BY 1, 2, 3"
            ).all() {
                lines.append(
                    "window "
                        + (try ["account_id", "kind", "window_start", "used"].map {
                            try row.decode(column: $0, as: String.self)
                        }.joined(separator: " ")))
            }
            return lines
        }
    }

    /// The ledger's invariant: every bucket equals the sum of its entries.
    func expectBalanced(_ store: Store) async throws {
        try await store.read { db in
            let sums = try await store.ledger.sums(on: db)
            for account in try await store.accounts.all(on: db) {
                let sum = sums[account.id] ?? [:]
                #expect(account.subscriptionTokens == sum[.subscription] ?? 0)
                #expect(account.packageTokens == sum[.package] ?? 0)
                #expect(account.heldTokens == sum[.hold] ?? 0)
            }
        }
    }

    func settlement(_ generation: GenerationRecord, status: GenerationStatus, spent: Int64) -> SettlementStore.Settle {
        let capture = status == .completed ? spent : 0
        func split(sameCycle: Bool) -> HoldSettlement {
            HoldSettlement(
                heldSubscription: generation.heldSubscription, heldPackage: generation.heldPackage, capture: capture,
                sameCycle: sameCycle)
        }
        return SettlementStore.Settle(
            id: generation.id, heldCycle: generation.heldCycle,
            outcome: GenerationOutcome(
                status: status, tokensSpent: capture, resultText: status == .completed ? "hi \"there\"" : nil,
                usage: status == .completed ? #"{"total_tokens":3}"# : nil, error: status == .failed ? "upstream" : nil,
                processingMs: 12, completedAt: 2_000),
            sameCycle: split(sameCycle: true), newCycle: split(sameCycle: false))
    }

    @Test func aBatchAdmitsAndSettlesAsTheSameCallsOneByOne() async throws {
        try await withTwoStores { batched, single, accounts in
            let (a, b) = (accounts[0], accounts[1])
            // a: 10 + 10 from the subscription, then 5 + 5 split, then 10 from the package.
            let admissions = [admission(a), admission(b), admission(a), admission(a), admission(b), admission(a)]
            let all = try #require(
                try await batched.engine.statement { db in try await AdmissionStore.admitAll(admissions, on: db) })
            var one: [AdmissionOutcome] = []
            for admission in admissions {
                one.append(
                    try await single.engine.statement { db in try await AdmissionStore.admitOne(admission, on: db) })
            }
            func described(_ outcomes: [AdmissionOutcome]) -> [String] {
                outcomes.map { outcome in
                    guard case .admitted(let generation, _, let used) = outcome else { return "refused" }
                    return "\(generation) \(used.sorted { $0.key < $1.key })"
                }
            }
            #expect(described(all) == described(one))
            guard case .admitted(let third, _, let used) = all[3] else {
                Issue.record("not admitted")
                return
            }
            #expect((third.heldSubscription, third.heldPackage) == (5, 5))
            #expect(used == ["h": 3, "d": 3])
            #expect(try await snapshot(batched) == snapshot(single))

            let generations = all.compactMap { outcome -> GenerationRecord? in
                if case .admitted(let generation, _, _) = outcome { generation } else { nil }
            }
            let settlements = zip(
                generations,
                [
                    (GenerationStatus.completed, 10), (.failed, 0), (.completed, 4), (.completed, 10), (.completed, 10),
                    (.failed, 0),
                ]
            )
            .map { settlement($0, status: $1.0, spent: Int64($1.1)) }
            let settled = try #require(
                try await batched.engine.statement { db in try await SettlementStore.settleAll(settlements, on: db) })
            var settledOne: [(GenerationRecord, AccountRecord)?] = []
            for settlement in settlements {
                settledOne.append(
                    try await single.engine.statement { db in try await SettlementStore.settleOne(settlement, on: db) })
            }
            #expect(settled.map { $0?.0 } == settledOne.map { $0?.0 })
            #expect(try await snapshot(batched) == snapshot(single))
            try await expectBalanced(batched)

            // A generation settled before answers nil; the rest of its batch settles.
            let more = try await batched.engine.statement { db in
                try await AdmissionStore.admitAll([admission(a), admission(b)], on: db)
            }
            guard case .admitted(let fresh, _, _) = more?[1] else {
                Issue.record("not admitted")
                return
            }
            let mixed = try #require(
                try await batched.engine.statement { db in
                    try await SettlementStore.settleAll(
                        [settlements[0], settlement(fresh, status: .completed, spent: 10)], on: db)
                })
            #expect(mixed[0] == nil)
            #expect(mixed[1]?.0.status == .completed)
            #expect(mixed[1]?.1.heldTokens == 0 && mixed[1]?.1.id == b)
            try await expectBalanced(batched)
        }
    }

    @Test func aBatchOneCallOfWhichWouldBeRefusedChangesNothing() async throws {
        try await withTwoStores { store, _, accounts in
            let (a, b) = (accounts[0], accounts[1])
            let before = try await snapshot(store)
            // b's 40 tokens cover four, not five.
            let short = (0..<5).map { _ in admission(b) } + [admission(a)]
            #expect(try await store.engine.statement { db in try await AdmissionStore.admitAll(short, on: db) } == nil)
            // a's hour window takes two.
            let full = (0..<3).map { _ in admission(a, hourLimit: 2) }
            #expect(try await store.engine.statement { db in try await AdmissionStore.admitAll(full, on: db) } == nil)
            #expect(try await snapshot(store) == before)

            // A batch that names one generation twice is refused, so it is settled once.
            guard
                case .admitted(let generation, _, _) = try await store.engine.statement({ db in
                    try await AdmissionStore.admitOne(admission(b), on: db)
                })
            else {
                Issue.record("not admitted")
                return
            }
            let twice = [
                settlement(generation, status: .completed, spent: 10),
                settlement(generation, status: .failed, spent: 0),
            ]
            let admitted = try await snapshot(store)
            #expect(
                try await store.engine.statement { db in try await SettlementStore.settleAll(twice, on: db) } == nil)
            #expect(try await snapshot(store) == admitted)
        }
    }

    @Test func concurrentCallsNeverOverdrawNorLoseATokenAndFallBackOneByOne() async throws {
        try await withTwoStores { store, _, accounts in
            let b = accounts[1]  // 40 package tokens: four admissions of 10
            let answers = try await withThrowingTaskGroup(of: AdmissionOutcome.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await store.admissions.admit(
                            admission(b, price: 1).generation, windows: admission(b).windows)
                    }
                }
                return try await group.reduce(into: [AdmissionOutcome]()) { $0.append($1) }
            }
            let admitted = answers.compactMap { outcome -> GenerationRecord? in
                if case .admitted(let generation, _, _) = outcome { generation } else { nil }
            }
            // The hour window (limit 10) refuses all but ten, in batches or one by one.
            #expect(admitted.count == 10)
            #expect(answers.count { if case .windowFull = $0 { true } else { false } } == 30)
            #expect(Set(admitted.map(\.id)).count == 10)
            try await withThrowingTaskGroup(of: (GenerationRecord, AccountRecord)?.self) { group in
                for (index, generation) in admitted.enumerated() {
                    let settle = settlement(
                        generation, status: index.isMultiple(of: 2) ? .completed : .failed, spent: 1)
                    group.addTask {
                        try await store.settlements.settle(
                            id: settle.id, heldCycle: settle.heldCycle, outcome: settle.outcome,
                            sameCycle: settle.sameCycle,
                            newCycle: settle.newCycle)
                    }
                }
                for try await settled in group { #expect(settled != nil) }
            }
            let account = try #require(try await store.read { db in try await store.accounts.find(id: b, on: db) })
            #expect((account.packageTokens, account.heldTokens) == (35, 0))
            try await expectBalanced(store)
        }
    }

    /// A lone admission must lock an account's windows in the order a batch does (by kind: day, then hour);
    /// in the opposite order, a lone admission on one instance and a batch on another each held the window
    /// the other waited for, and PostgreSQL aborted one of them (a failed request; CI run of 2026-11-25).
    @Test func aLoneAdmissionLocksTheWindowsInTheBatchesOrder() async throws {
        try await withTwoStores { store, _, accounts in
            let b = accounts[1]
            try await expectSecondAdmission(store, b) { db in
                try await db.raw(
                    "SELECT used FROM rate_windows WHERE account_id = \(bind: b) AND kind = 'd' FOR UPDATE"
                ).run()
                try await Task.sleep(for: .milliseconds(400))
                // The admission waits for the day window; it must not hold the hour window meanwhile.
                try await db.raw(
                    "SELECT used FROM rate_windows WHERE account_id = \(bind: b) AND kind = 'h' FOR UPDATE NOWAIT"
                ).run()
            }
        }
    }

    /// A batch must lock an account's windows before its balance, as a lone admission does. It locked the
    /// balance first: a batch on one instance and a lone admission (or a batch) on another each held what the
    /// other waited for, until PostgreSQL aborted one a second later.
    @Test func aBatchLocksTheWindowsBeforeTheAccount() async throws {
        try await withTwoStores { store, _, accounts in
            let b = accounts[1]
            try await expectSecondAdmission(store, b, inBatch: true) { db in
                try await db.raw(
                    "SELECT used FROM rate_windows WHERE account_id = \(bind: b) AND kind = 'd' FOR UPDATE"
                ).run()
                try await Task.sleep(for: .milliseconds(400))
                // The batch waits for the day window; it must not hold the account meanwhile.
                try await db.raw("SELECT id FROM accounts WHERE id = \(bind: b) FOR UPDATE NOWAIT").run()
            }
        }
    }

    /// Batches lock their accounts in id order (after the windows), in whatever order their calls came. In the
    /// order of the plan's join, an admission batch and a settlement batch over the same accounts each held
    /// one the other waited for (16 accounts at c=64: a deadlock every second or so, each a second's wait).
    @Test func batchesLockTheirAccountsInIdOrder() async throws {
        try await withTwoStores { store, _, accounts in
            let (a, b) = (accounts[0], accounts[1])
            let admitted = try #require(
                try await store.engine.statement { db in
                    try await AdmissionStore.admitAll([admission(b, price: 1), admission(a, price: 1)], on: db)
                })
            let generations = admitted.compactMap { outcome -> GenerationRecord? in
                if case .admitted(let generation, _, _) = outcome { generation } else { nil }
            }
            // While a transaction holds the lower account, the batch waiting for it must not hold the higher —
            // with a plan that meets the accounts in the table's order (a sequential scan, as PostgreSQL plans
            // these statements for a small table), and the higher one first there (updates move rows about).
            func expectLockedInOrder(_ batch: @escaping @Sendable (any SQLDatabase) async throws -> Int?) async throws {
                try await store.engine.statement { db in
                    for _ in 0..<20 {
                        let first = try await db.raw("SELECT id FROM accounts ORDER BY ctid LIMIT 1").first()
                        if try first?.decode(column: "id", as: Int64.self) == b { return }
                        try await db.raw("UPDATE accounts SET last_movement = last_movement WHERE id = \(bind: a)")
                            .run()
                    }
                    Issue.record("the higher account never came first in the table")
                }
                let holder = Task {
                    try await store.transaction { db in
                        try await db.raw("SELECT id FROM accounts WHERE id = \(bind: a) FOR UPDATE").run()
                        try await Task.sleep(for: .milliseconds(400))
                        try await db.raw("SELECT id FROM accounts WHERE id = \(bind: b) FOR UPDATE NOWAIT").run()
                    }
                }
                try await Task.sleep(for: .milliseconds(150))
                let count = try await store.engine.statement { db in
                    // (JIT off too: the plan's cost with those off would have it compile the statement for a second.)
                    for setting in ["enable_indexscan", "enable_bitmapscan", "enable_nestloop", "jit"] {
                        try await db.raw("SET \(unsafeRaw: setting) = off").run()
                    }
                    let count = try await batch(db)
                    try await db.raw("RESET ALL").run()
                    return count
                }
                #expect(count == 2)
                try await holder.value
            }
            try await expectLockedInOrder { db in
                try await AdmissionStore.admitAll([admission(b, price: 1), admission(a, price: 1)], on: db)?.count
            }
            try await expectLockedInOrder { db in
                try await SettlementStore.settleAll(
                    generations.map { settlement($0, status: .completed, spent: 1) }, on: db)?.count
            }
            try await expectBalanced(store)
        }
    }

    /// A lone call PostgreSQL aborts to break a deadlock changed nothing and runs again. Here a transaction
    /// locks the account, then a window the waiting admission holds; only the admission's backend looks for
    /// the cycle within a second, so it is the one aborted.
    @Test func aLoneCallAbortedForADeadlockRunsAgain() async throws {
        try await withTwoStores { store, _, accounts in
            let b = accounts[1]
            try await expectSecondAdmission(store, b) { db in
                try await db.raw("SET LOCAL deadlock_timeout = '10s'").run()
                try await db.raw("SELECT id FROM accounts WHERE id = \(bind: b) FOR UPDATE").run()
                try await Task.sleep(for: .milliseconds(400))
                try await db.raw(
                    "SELECT used FROM rate_windows WHERE account_id = \(bind: b) AND kind = 'h' FOR UPDATE"
                ).run()
            }
        }
    }

    /// Admits `account` once (so its windows exist and an admission meets them as conflicts), then again —
    /// alone, or twice in one batch — while `hold` runs in a transaction of its own, begun first: the later
    /// admissions must come through, counted in both windows, and `hold` must not fail.
    func expectSecondAdmission(
        _ store: Store, _ account: Int64, inBatch: Bool = false,
        whileHolding hold: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        let windows = admission(account).windows
        _ = try await store.admissions.admit(admission(account, price: 1).generation, windows: windows)
        let holder = Task { try await store.transaction { db in try await hold(db) } }
        try await Task.sleep(for: .milliseconds(150))
        let later = Array(repeating: admission(account, price: 1), count: inBatch ? 2 : 1)
        let admitted =
            inBatch
            ? try await store.engine.statement { db in try await AdmissionStore.admitAll(later, on: db) } ?? []
            : [try await store.admissions.admit(later[0].generation, windows: windows)]
        try await holder.value
        #expect(admitted.count == later.count)
        for (index, outcome) in admitted.enumerated() {
            guard case .admitted(_, _, let used) = outcome else {
                Issue.record("not admitted")
                return
            }
            #expect(used == ["h": Int64(index) + 2, "d": Int64(index) + 2])
        }
        try await expectBalanced(store)
    }

    @Test func aCancelledCallerDoesNotFailTheOthersInItsBatch() async throws {
        try await withTwoStores { store, _, accounts in
            let b = accounts[1]
            let admit: @Sendable () async throws -> AdmissionOutcome = {
                try await store.admissions.admit(admission(b, price: 1).generation, windows: [])
            }
            // The account's row is locked, so the first admission waits inside PostgreSQL while the next
            // callers queue behind it: the cancelled one first, so it runs their batch.
            let lock = Task {
                try await store.transaction { db in
                    try await db.raw("SELECT id FROM accounts WHERE id = \(bind: b) FOR UPDATE").run()
                    try await Task.sleep(for: .milliseconds(400))
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            let first = Task { try await admit() }
            try await Task.sleep(for: .milliseconds(50))
            let cancelled = Task { try await admit() }
            cancelled.cancel()
            try await Task.sleep(for: .milliseconds(50))
            let others = (0..<8).map { _ in Task { try await admit() } }
            try await lock.value
            for call in [first] + others {
                guard case .admitted = try await call.value else {
                    Issue.record("not admitted")
                    continue
                }
            }
            _ = try? await cancelled.value
            try await expectBalanced(store)
        }
    }
}
