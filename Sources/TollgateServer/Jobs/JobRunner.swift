import Foundation
import Logging
import ServiceLifecycle
import TollgateCore
import TollgateProviders
import TollgateStore

/// Runs asynchronous generations on every instance (DESIGN "Async jobs"): leases due jobs, submits or
/// polls them at the provider's pace with backoff, and finishes them — capture or release in the
/// transaction that sets the final status. A killed instance's leases expire and another runner (or the
/// same one after restart) takes the jobs over; past its model's deadline a job fails and is released.
public struct JobRunner: Service {
    let generations: GenerationService
    let catalog: Catalog
    let store: Store
    let clock: any WallClock
    let logger: Logger
    /// This runner's lease owner name (unique per process).
    let owner = "runner-" + UUID().uuidString.prefix(8).lowercased()
    /// Jobs worked on at once.
    let concurrency: Int
    /// How long a lease lasts: a job's step must finish within it, and a killed runner's jobs wait this
    /// long before another runner takes them over.
    let leaseMilliseconds: Int64
    /// Idle wait between looks for due jobs.
    let idle: Duration

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Bool.self) { group in
                var jobs = 0
                var sleeping = false
                while !Task.isCancelled {
                    if jobs < concurrency {
                        let claimed = (try? await claim(limit: concurrency - jobs)) ?? []
                        for job in claimed {
                            jobs += 1
                            group.addTask { await advance(job); return true }
                        }
                        if !claimed.isEmpty { continue }
                    }
                    // Nothing more to take now: wait for a job to finish or the idle period to pass.
                    if !sleeping {
                        sleeping = true
                        group.addTask { try? await Task.sleep(for: idle); return false }
                    }
                    guard let finishedJob = await group.next() else { continue }
                    if finishedJob { jobs -= 1 } else { sleeping = false }
                }
                group.cancelAll()
            }
        }
    }

    func claim(limit: Int) async throws -> [GenerationRecord] {
        let now = clock.nowMilliseconds()
        let kind = store.engine.kind
        guard try await store.read({ db in try await store.generations.hasDueJobs(now: now, on: db) }) else { return [] }
        return try await store.transaction { db in
            try await store.generations.claimDueJobs(
                now: now, owner: owner, leaseUntil: now + leaseMilliseconds, limit: limit, kind: kind, on: db)
        }
    }

    /// One step of a job: submit if not yet submitted, else poll; finish or reschedule.
    func advance(_ job: GenerationRecord) async {
        do {
            try await step(job)
        } catch {
            logger.error("job step failed", metadata: ["generation": "\(job.id)", "error_type": "\(type(of: error))"])
            _ = try? await reschedule(job, upstreamID: nil, after: backoff(job, hint: nil))
        }
    }

    func step(_ job: GenerationRecord) async throws {
        guard let model = catalog.model(job.modelSlug) else {
            _ = try await generations.fail(job, failure: ProviderFailure(.unsupported, "The model is gone."), processingMs: generations.elapsed(job))
            return
        }
        if clock.nowMilliseconds() >= job.deadlineAt {
            _ = try await generations.fail(job, failure: ProviderFailure(.timeout, "The job passed its deadline."), processingMs: generations.elapsed(job))
            return
        }
        guard let provider = generations.providers.mediaProvider(slug: model.slug) else {
            _ = try await generations.fail(job, failure: ProviderFailure(.unsupported, "The provider is not configured."), processingMs: generations.elapsed(job))
            return
        }
        let request: MediaRequest
        do {
            request = try await generations.mediaRequest(job, model: model)
        } catch let error as APIError {
            let outcome = GenerationOutcome(
                status: .failed, tokensSpent: 0, error: error.message, processingMs: generations.elapsed(job), completedAt: clock.nowMilliseconds())
            _ = try await generations.finish(job, outcome: outcome, failure: error)
            return
        }
        do {
            if let upstreamID = job.upstreamID {
                switch try await provider.poll(upstreamID: upstreamID, request: request) {
                case .running(_, let after): try await reschedule(job, upstreamID: nil, after: backoff(job, hint: after))
                case .completed(let result): _ = try await generations.complete(job, model: model, result: result, provider: provider)
                case .failed(let failure): _ = try await generations.fail(job, failure: failure, processingMs: generations.elapsed(job))
                }
            } else {
                switch try await provider.submit(request) {
                case .completed(let result): _ = try await generations.complete(job, model: model, result: result, provider: provider)
                case .submitted(let upstreamID, let after): try await reschedule(job, upstreamID: upstreamID, after: after ?? 1)
                }
            }
        } catch let failure as ProviderFailure where !failure.allowsFallback {
            _ = try await generations.fail(job, failure: failure, processingMs: generations.elapsed(job))
        }
    }

    func reschedule(_ job: GenerationRecord, upstreamID: String?, after seconds: Double) async throws {
        let next = clock.nowMilliseconds() + Int64(max(0.05, seconds) * 1000)
        _ = try await store.transaction { db in
            try await store.generations.reschedule(id: job.id, owner: owner, upstreamID: upstreamID, nextPollAt: next, on: db)
        }
    }

    /// Seconds to the next poll: the provider's hint if it gave one, else growing with each attempt
    /// (0.5 s, 1 s, 2 s … up to 15 s).
    func backoff(_ job: GenerationRecord, hint: Double?) -> Double {
        if let hint { return min(max(hint, 0.05), 60) }
        return min(0.5 * pow(2, Double(max(0, min(job.attempts - 1, 5)))), 15)
    }
}
