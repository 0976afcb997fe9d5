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
                            group.addTask {
                                await advance(job)
                                return true
                            }
                        }
                        if !claimed.isEmpty { continue }
                    }
                    // Nothing more to take now: wait for a job to finish or the idle period to pass.
                    if !sleeping {
                        sleeping = true
                        group.addTask {
                            try? await Task.sleep(for: idle)
                            return false
                        }
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
        guard try await store.read({ db in try await store.generations.hasDueJobs(now: now, on: db) }) else {
            return []
        }
        return try await store.transaction { db in
            try await store.generations.claimDueJobs(
                now: now, owner: owner, leaseUntil: now + leaseMilliseconds, limit: limit, on: db)
        }
    }

    /// One step of a job (`GenerationService.step`): submit or poll, then finish it or come back later.
    /// An error the step could not settle (the database, file storage) is retried after a backoff.
    func advance(_ job: GenerationRecord) async {
        // The claim counted this step already.
        var machine = MediaJob(
            deadline: job.deadlineAt, upstreamID: job.upstreamID, attempts: job.attempts - 1, retriesTransient: true)
        do {
            guard let model = catalog.model(job.modelSlug) else {
                _ = try await generations.fail(
                    job, failure: ProviderFailure(.unsupported, "The model is gone."),
                    processingMs: generations.elapsed(job), logger: logger)
                return
            }
            if case .wait(let seconds) = try await generations.step(job, model: model, job: &machine, logger: logger) {
                try await reschedule(job, upstreamID: machine.upstreamID, after: seconds)
            }
        } catch {
            logger.error("job step failed", metadata: ["generation": "\(job.id)", "error_type": "\(type(of: error))"])
            _ = try? await reschedule(job, upstreamID: nil, after: machine.backoff(hint: nil))
        }
    }

    func reschedule(_ job: GenerationRecord, upstreamID: String?, after seconds: Double) async throws {
        let next = clock.nowMilliseconds() + Int64(max(0.05, seconds) * 1000)
        _ = try await store.transaction { db in
            try await store.generations.reschedule(
                id: job.id, owner: owner, upstreamID: upstreamID, nextPollAt: next, on: db)
        }
    }
}
