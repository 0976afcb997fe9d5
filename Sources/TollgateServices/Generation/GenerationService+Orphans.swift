import Foundation
import TollgateCore
import TollgateStore

extension GenerationService {
    /// Renews this instance's lease: while it runs, no other instance takes its unanswered claims for orphans.
    public func renewLease() async throws {
        let until = clock.nowMilliseconds() + Instance.leaseMilliseconds
        try await store.transaction { db in
            try await store.instances.renew(instance.id, until: until, on: db)
        }
    }

    /// Ends the work a dead instance left: first the idempotency claims it left unanswered (its lease ran out, or this instance's own
    /// previous life before a restart), so that a retry with the key is not held until the model's deadline and
    /// then refused for a day: a synchronous generation still holding its price is failed and released, and the
    /// claim removed, so the retry runs afresh; an asynchronous one (its job runs on), or one completed (and
    /// charged) before its answer was stored, gets the answer its first request would have had; then its inline generations without a claim (`endOrphanedRuns`). Returns how
    /// many it ended.
    public func endOrphanedWork(limit: Int = 100) async throws -> Int {
        let now = clock.nowMilliseconds()
        let orphans = try await store.read { db in
            try await store.idempotency.orphans(
                me: instance.id, startedAt: instance.startedAt, now: now, limit: limit, on: db)
        }
        for orphan in orphans {
            var generation: GenerationRecord?
            if let id = orphan.generationID {
                generation = try await store.read { db in try await store.generations.find(id: id, on: db) }
            }
            // A job runs on, and a completed generation was charged: either way the retry gets this answer.
            if let generation, generation.nextPollAt != nil || generation.status == .completed {
                let balance = try await store.read { db in
                    try await store.accounts.find(id: generation.accountID, on: db)?.availableTokens
                }
                await remember(
                    key: orphan.key, accountID: orphan.accountID,
                    GenerationResult(generation: generation, balance: balance ?? 0, failure: nil), baseURL: nil)
                continue
            }
            if let generation, generation.status == .pending {
                _ = try await ledger.finish(generation, outcome: Self.stopped(generation, now: now))
            }
            try await store.transaction { db in
                try await store.idempotency.release(
                    accountID: orphan.accountID, key: orphan.key, owner: orphan.owner, on: db)
            }
        }
        return orphans.count + (try await endOrphanedRuns(now: now, limit: limit))
    }

    /// Fails the inline generations a dead instance (or this one's previous life) left pending, releasing their
    /// holds at once instead of at their deadlines. Returns how many it ended.
    func endOrphanedRuns(now: Int64, limit: Int) async throws -> Int {
        let orphans = try await store.read { db in
            try await store.generations.orphanedRuns(
                me: instance.id, startedAt: instance.startedAt, now: now, limit: limit, on: db)
        }
        for generation in orphans {
            _ = try await ledger.finish(generation, outcome: Self.stopped(generation, now: now))
        }
        return orphans.count
    }

    static func stopped(_ generation: GenerationRecord, now: Int64) -> GenerationOutcome {
        GenerationOutcome(
            status: .failed, tokensSpent: 0, error: "The server stopped before the generation finished.",
            processingMs: max(0, now - generation.createdAt), completedAt: now)
    }
}
