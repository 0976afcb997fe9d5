import Foundation
import HTTPTypes
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// A request in flight when its instance died left its Idempotency-Key claimed without an answer: every retry
/// waited the model's deadline and then got 409, for a day (issue 24, item 7). The living end such claims.
@Suite struct OrphanedClaimTests {
    static let databases = TestDatabase.available
    static let body = #"{"model": "gpt-5-nano", "prompt": "once only"}"#

    /// A claim as an instance `owner` makes it, admitted `age` milliseconds ago and never answered.
    func strand(_ fixture: GatewayFixture, key: String, owner: String, age: Int64 = 0) async throws -> GenerationRecord
    {
        let services = fixture.app.services
        let json = try JSONValue(parsing: Array(Self.body.utf8))
        let claim = try #require(
            try GenerateController.idempotencyClaim([HTTPField.Name("Idempotency-Key")!: key], body: json))
        let now = services.clock.nowMilliseconds() - age
        let new = NewGeneration(
            accountID: fixture.account.id, keyID: nil, modelSlug: "gpt-5-nano", category: "text", prompt: "once only",
            request: nil, price: 1, heldSubscription: 0, heldPackage: 0, heldCycle: nil, deadlineAt: now + 180_000,
            createdAt: now)
        let outcome = try await services.store.admissions.admit(
            new, windows: [],
            idempotency: IdempotencyClaim(
                key: claim.key, fingerprint: claim.fingerprint, expiredBefore: now - 86_400_000, owner: owner))
        guard case .admitted(let generation, _, _) = outcome else { throw APIError.internal() }
        return generation
    }

    @Test(arguments: databases)
    func aDeadInstancesClaimIsEndedAndTheRetryRuns(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) { $0.sweepSeconds = 3600 }
        let services = fixture.app.services
        let before = try await fixture.balance()
        let stranded = try await strand(fixture, key: "k-dead", owner: "dead-instance")
        // A live instance's unanswered claim is left alone.
        try await services.store.transaction { db in
            try await services.store.instances.renew(
                "alive-instance", until: services.clock.nowMilliseconds() + 60_000, on: db)
        }
        let alive = try await strand(fixture, key: "k-alive", owner: "alive-instance")
        // The instance's own start-up pass may end the dead claim first on a loaded machine: one ending in all.
        #expect(try await services.generations.endOrphanedWork() <= 1)
        #expect(try await fixture.generation(stranded.id)?.status == .failed)
        #expect(try await fixture.generation(alive.id)?.status == .pending)
        #expect(try await fixture.balance() == before - 1)  // the dead one's hold released

        // The retry with the key runs at once, instead of waiting 180 s for a 409.
        let started = ContinuousClock.now
        let retry = try await fixture.post("/api/v2/generate", Self.body, headers: [("Idempotency-Key", "k-dead")])
        #expect(retry.status == 200 && retry.json["status"] == "completed", "\(retry.body)")
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// Killed after the generation was charged but before its answer was stored: the retry must get that
    /// answer, not run (and charge) again (found by bench/chaos.sh).
    @Test(arguments: databases)
    func aClaimWhoseGenerationCompletedIsAnsweredNotRunAgain(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) { $0.sweepSeconds = 3600 }
        let services = fixture.app.services
        let before = try await fixture.balance()
        let stranded = try await strand(fixture, key: "k-done", owner: "dead-instance")
        let now = services.clock.nowMilliseconds()
        _ = try await services.ledger.finish(
            stranded,
            outcome: GenerationOutcome(
                status: .completed, tokensSpent: 1, resultText: "done", processingMs: 5, completedAt: now))
        _ = try await services.generations.endOrphanedWork()
        let retry = try await fixture.post("/api/v2/generate", Self.body, headers: [("Idempotency-Key", "k-done")])
        #expect(retry.status == 200 && retry.json["id"]?.intValue == stranded.id, "\(retry.body)")
        #expect(retry.json["result_text"] == "done")
        #expect(try await fixture.balance() == before - 1)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// After a restart (same host and port, so the same instance name) what its previous life left is ended at
    /// once, without waiting for a lease to run out.
    @Test func aRestartedInstanceEndsWhatItsPreviousLifeLeft() async throws {
        let fixture = try await GatewayFixture.start(.sqlite) { $0.sweepSeconds = 3600 }
        let services = fixture.app.services
        let me = services.generations.instance
        let before = try await fixture.balance()
        let stranded = try await strand(
            fixture, key: "k-restart", owner: me.id, age: services.clock.nowMilliseconds() - me.startedAt + 1_000)
        let current = try await strand(fixture, key: "k-current", owner: me.id)
        #expect(try await services.generations.endOrphanedWork() == 1)
        #expect(try await fixture.generation(stranded.id)?.status == .failed)
        #expect(try await fixture.generation(current.id)?.status == .pending)
        #expect(try await fixture.balance() == before - 1)
        await fixture.stop()
    }

    /// An inline generation without an Idempotency-Key, in flight when its instance died, kept its price held
    /// until its deadline (issue 24, item 7): the living fail it and release the hold at once — a dead
    /// instance's after its lease, this instance's previous life's at start — and leave a live instance's alone.
    @Test(arguments: databases)
    func inlineGenerationsOfDeadInstancesAreEnded(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) { $0.sweepSeconds = 3600 }
        let services = fixture.app.services
        let me = services.generations.instance
        let before = try await fixture.balance()
        try await services.store.transaction { db in
            try await services.store.instances.renew(
                "alive-instance", until: services.clock.nowMilliseconds() + 60_000, on: db)
        }
        func run(owner: String, age: Int64 = 0) async throws -> GenerationRecord {
            let now = services.clock.nowMilliseconds() - age
            let new = NewGeneration(
                accountID: fixture.account.id, keyID: nil, modelSlug: "gpt-5-nano", category: "text",
                prompt: "x", request: nil, price: 1, heldSubscription: 0, heldPackage: 0, heldCycle: nil,
                deadlineAt: now + 180_000, createdAt: now, owner: owner)
            guard case .admitted(let generation, _, _) = try await services.store.admissions.admit(new, windows: [])
            else { throw APIError.internal() }
            return generation
        }
        let dead = try await run(owner: "dead-instance")
        let alive = try await run(owner: "alive-instance")
        let previousLife = try await run(owner: me.id, age: services.clock.nowMilliseconds() - me.startedAt + 1_000)
        let current = try await run(owner: me.id)
        #expect(try await fixture.balance() == before - 4)

        // The instance's own start-up pass may have ended some already: two endings in all.
        _ = try await services.generations.endOrphanedWork()
        for ended in [dead, previousLife] {
            let generation = try #require(try await fixture.generation(ended.id))
            #expect(generation.status == .failed && generation.tokensSpent == 0)
            #expect(generation.error == "The server stopped before the generation finished.")
        }
        for running in [alive, current] { #expect(try await fixture.generation(running.id)?.status == .pending) }
        #expect(try await fixture.balance() == before - 2)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// A generation admitted through the API records, while it runs, the instance running it.
    @Test func anInlineGenerationRecordsItsInstance() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let services = fixture.app.services
        let running = Task {
            try await fixture.post(
                "/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "x [[sim latency_ms=2000]]"}"#)
        }
        var owner: String?
        #expect(
            try await fixture.eventually {
                owner = try await services.store.read { db in
                    try await db.raw("SELECT locked_by FROM generations WHERE status = 'pending'").first()?
                        .decode(column: "locked_by", as: String?.self)
                }
                return owner != nil
            })
        #expect(owner == services.generations.instance.id)
        #expect(try await running.value.json["status"] == "completed")
        await fixture.stop()
    }
}
