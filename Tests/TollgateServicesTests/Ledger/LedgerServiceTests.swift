import Foundation
import SQLKit
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServices

/// The ledger on real databases (SPEC §9): spend order, holds, captures, releases, cycles, the sweeper
/// and the check — including under concurrency.
@Suite struct LedgerServiceTests {
    static let databases = TestDatabase.available

    func hold(_ app: TestApp, account: Int64, price: Int64, deadline: Int64 = .max) async throws -> GenerationRecord {
        let now = app.services.clock.nowMilliseconds()
        let generation = NewGeneration(
            accountID: account, keyID: nil, modelSlug: "gpt-5-nano", category: "text", prompt: nil, request: nil,
            price: price, heldSubscription: 0, heldPackage: 0, heldCycle: nil,
            deadlineAt: deadline == .max ? now + 60_000 : deadline, createdAt: now)
        // The admission's hold alone (no rate windows); a refusal as the generation service answers it.
        switch try await app.services.store.admissions.admit(generation, windows: []) {
        case .admitted(let record, _, _): return record
        case .short(let available): throw APIError.insufficientTokens(required: price, available: available)
        default: throw APIError.internal()
        }
    }

    func finish(_ app: TestApp, _ generation: GenerationRecord, completed: Bool, spent: Int64? = nil) async throws
        -> AccountRecord?
    {
        let outcome = GenerationOutcome(
            status: completed ? .completed : .failed, tokensSpent: completed ? (spent ?? generation.price) : 0,
            processingMs: 1, completedAt: app.services.clock.nowMilliseconds())
        return try await app.services.ledger.finish(generation, outcome: outcome)?.1
    }

    func expectConsistent(_ app: TestApp) async throws {
        let problems = try await app.services.ledger.check()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test(arguments: databases)
    func spendsSubscriptionFirstAndCapturesOnCompletion(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "basic", extraTokens: 5)
        #expect(account.subscriptionTokens == 300 && account.packageTokens == 5)
        let generation = try await hold(app, account: account.id, price: 302)
        #expect(generation.heldSubscription == 300 && generation.heldPackage == 2)
        let during = try await app.services.accounts.find(id: account.id)
        #expect(during.subscriptionTokens == 0 && during.packageTokens == 3 && during.heldTokens == 302)
        try await expectConsistent(app)

        let after = try #require(try await finish(app, generation, completed: true))
        #expect(after.subscriptionTokens == 0 && after.packageTokens == 3 && after.heldTokens == 0)
        // Settling twice changes nothing.
        #expect(try await finish(app, generation, completed: true) == nil)
        try await expectConsistent(app)
        await app.close()
    }

    /// An account holding less than a generation's hold is a broken ledger: settling fails and changes
    /// nothing — the generation stays pending with its hold open, and no entry is written.
    @Test(arguments: databases)
    func settlementChangesNothingWhenTheAccountHoldsLess(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let store = app.services.store
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "basic", extraTokens: 0)
        let generation = try await hold(app, account: account.id, price: 10)
        try await store.transaction { db in
            try await db.raw("UPDATE accounts SET held_tokens = 5 WHERE id = \(bind: account.id)").run()
        }
        func entries() async throws -> Int {
            try await store.read { db in
                try await db.raw("SELECT count(*) AS n FROM ledger_entries").first()!.decode(column: "n", as: Int.self)
            }
        }
        let before = try await entries()
        await #expect(throws: (any Error).self) { _ = try await finish(app, generation, completed: true) }
        let stored = try #require(
            try await store.read { db in
                try await store.generations.find(id: generation.id, accountID: account.id, on: db)
            })
        #expect(stored.status == .pending && stored.holdOpen)
        #expect(try await entries() == before)
        let after = try await app.services.accounts.find(id: account.id)
        #expect(after.heldTokens == 5 && after.subscriptionTokens == account.subscriptionTokens - 10)
        await app.close()
    }

    @Test(arguments: databases)
    func failureReleasesToTheBucketsItCameFrom(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "basic", extraTokens: 5)
        let generation = try await hold(app, account: account.id, price: 302)
        let after = try #require(try await finish(app, generation, completed: false))
        #expect(after.subscriptionTokens == 300 && after.packageTokens == 5 && after.heldTokens == 0)
        let stored = try await app.services.store.read { db in
            try await app.services.store.generations.find(id: generation.id, on: db)
        }
        #expect(stored?.status == .failed && stored?.tokensSpent == 0 && stored?.holdOpen == false)
        try await expectConsistent(app)
        await app.close()
    }

    @Test(arguments: databases)
    func partialCaptureReleasesTheRest(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "free", extraTokens: 600)
        let generation = try await hold(app, account: account.id, price: 600)
        let after = try #require(try await finish(app, generation, completed: true, spent: 120))
        #expect(after.packageTokens == 650 - 120)
        try await expectConsistent(app)
        await app.close()
    }

    @Test(arguments: databases)
    func shortBalanceAnswers402WithDetails(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "free")
        do {
            _ = try await hold(app, account: account.id, price: 51)
            Issue.record("expected 402")
        } catch let error as APIError {
            #expect(error.httpStatus == 402)
            #expect(error.code == "insufficient_tokens")
            #expect(error.details["required"] == 51)
            #expect(error.details["available"] == 50)
        }
        // Nothing was written.
        let generations = try await app.services.store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM generations").first()?.decode(column: "n", as: Int.self)
        }
        #expect(generations == 0)
        try await expectConsistent(app)
        await app.close()
    }

    @Test(arguments: databases)
    func concurrentHoldsNeverOverdraw(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "free", extraTokens: 0)
        _ = try await app.services.ledger.grant(
            accountID: account.id, tokens: -40, bucket: .package, reason: "leave 10")
        let results = try await withThrowingTaskGroup(of: GenerationRecord?.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    do { return try await hold(app, account: account.id, price: 1) } catch let error as APIError
                        where error.httpStatus == 402
                    { return nil }
                }
            }
            return try await group.reduce(into: [GenerationRecord?]()) { $0.append($1) }
        }
        let held = results.compactMap { $0 }
        #expect(held.count == 10)
        #expect(results.count - held.count == 190)
        try await expectConsistent(app)
        for generation in held { _ = try await finish(app, generation, completed: true) }
        let final = try await app.services.accounts.find(id: account.id)
        #expect(final.availableTokens == 0 && final.heldTokens == 0)
        try await expectConsistent(app)
        await app.close()
    }

    @Test(arguments: databases)
    func renewalDuringAHoldNeitherLosesNorCreatesTokens(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "basic")
        let captured = try await hold(app, account: account.id, price: 4)
        let released = try await hold(app, account: account.id, price: 6)
        clock.advance(days: 30)
        let renewed = try await app.services.ledger.startPlan(
            accountID: account.id, planCode: "basic", reason: "renewal")
        // The new cycle starts full; the held 10 are not in it.
        #expect(renewed.subscriptionTokens == 300 && renewed.heldTokens == 10)
        let afterCapture = try #require(try await finish(app, captured, completed: true))
        #expect(afterCapture.subscriptionTokens == 300)
        // The released tokens belonged to the old cycle: they lapse rather than top up the new one.
        let afterRelease = try #require(try await finish(app, released, completed: false))
        #expect(afterRelease.subscriptionTokens == 300 && afterRelease.heldTokens == 0)
        try await expectConsistent(app)
        await app.close()
    }

    @Test(arguments: databases)
    func expiryFallsBackToStarterOnceAndKeepsPackages(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "vip", extraTokens: 20)
        clock.advance(days: 29)
        #expect(try await app.services.ledger.expireCycles() == 0)
        clock.advance(days: 2)
        // Several sweepers at once (as on several instances): exactly one reset.
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await app.services.ledger.expireCycles() } }
            return try await group.reduce(0, +)
        }
        #expect(counts == 1)
        let after = try await app.services.accounts.find(id: account.id)
        #expect(
            after.plan == "free" && after.subscriptionTokens == 0 && after.packageTokens == 20
                && after.planExpiresAt == nil)
        #expect(try await app.services.ledger.expireCycles() == 0)
        let resets = try await app.services.store.read { db in
            try await app.services.store.ledger.entries(accountID: account.id, on: db)
        }
        .filter { $0.kind == .cycleReset }
        #expect(resets.map(\.amount) == [1500, -1500])
        try await expectConsistent(app)
        await app.close()
    }

    @Test(arguments: databases)
    func sweeperReleasesHoldsPastTheirDeadline(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "free")
        let stuck = try await hold(app, account: account.id, price: 5, deadline: clock.nowMilliseconds() + 1_000)
        let alive = try await hold(app, account: account.id, price: 3, deadline: clock.nowMilliseconds() + 100_000)
        clock.advance(milliseconds: 2_000)
        #expect(try await app.services.ledger.releaseOverdue() == 1)
        #expect(try await app.services.ledger.releaseOverdue() == 0)
        let after = try await app.services.accounts.find(id: account.id)
        #expect(after.availableTokens == 47 && after.heldTokens == 3)
        let failed = try await app.services.store.read { db in
            try await app.services.store.generations.find(id: stuck.id, on: db)
        }
        #expect(failed?.status == .failed)
        _ = try await finish(app, alive, completed: true)
        try await expectConsistent(app)
        await app.close()
    }

    /// A generation the sweeper fails past its deadline still gets its webhook (one per final status).
    @Test(arguments: databases)
    func overdueReleaseQueuesTheWebhook(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock)
        let account = try await app.services.accounts.create(
            email: "hook@example.com", planCode: "free", extraTokens: 10)
        let before = account.availableTokens
        let now = clock.nowMilliseconds()
        let new = NewGeneration(
            accountID: account.id, keyID: nil, modelSlug: "flux-1.1-pro", category: "image", prompt: "x", request: nil,
            price: 4, heldSubscription: 0, heldPackage: 0, heldCycle: nil, deadlineAt: now + 1_000, createdAt: now,
            callbackURL: "https://hooks.example.com/tollgate")
        guard case .admitted(let generation, _, _) = try await app.services.store.admissions.admit(new, windows: [])
        else {
            Issue.record("not admitted")
            return
        }
        clock.advance(milliseconds: 2_000)
        #expect(try await app.services.ledger.releaseOverdue() == 1)
        let queued = try await app.services.store.read { db in
            try await db.raw("SELECT generation_id, url FROM webhook_deliveries").all()
        }
        #expect(queued.count == 1)
        #expect(try queued.first?.decode(column: "generation_id", as: Int64.self) == generation.id)
        #expect(try await app.services.accounts.find(id: account.id).availableTokens == before)
        try await expectConsistent(app)
        await app.close()
    }

    @Test(arguments: databases)
    func checkReportsTamperedBuckets(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "pro")
        try await expectConsistent(app)
        try await app.services.store.transaction { db in
            try await db.raw("UPDATE accounts SET package_tokens = 99 WHERE id = \(bind: account.id)").run()
        }
        let problems = try await app.services.ledger.check()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("package") == true)
        await app.close()
    }

    @Test(arguments: databases)
    func grantsAreLedgerEntriesAndCannotGoNegative(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "free")
        let granted = try await app.services.ledger.grant(
            accountID: account.id, tokens: 100, bucket: .package, reason: "support")
        #expect(granted.packageTokens == 150)
        await #expect(throws: APIError.self) {
            _ = try await app.services.ledger.grant(
                accountID: account.id, tokens: -151, bucket: .package, reason: "too much")
        }
        await #expect(throws: APIError.self) {
            _ = try await app.services.ledger.grant(accountID: account.id, tokens: 5, bucket: .hold, reason: "no")
        }
        try await expectConsistent(app)
        await app.close()
    }
}
