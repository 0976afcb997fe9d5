import Logging
import ServiceLifecycle

/// Periodic work every instance does beside serving: flushing key last-use times each second, and
/// every few seconds ending expired plan cycles and releasing holds past their deadline (safe on any
/// number of instances: each step is a conditional update). Closes the store after the server stopped.
struct BackgroundWork: Service {
    let services: Services

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // At once: this instance is alive, and what a dead one (or its own previous life) left unanswered ends.
            try? await services.generations.renewLease()
            _ = try? await services.generations.endOrphanedWork()
            var tick = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                try? await services.authenticator.flushUsage()
                try? await services.generations.renewLease()
                try? await services.generations.switches.refresh()
                if let bot = services.bot {
                    // Updates a dead process left unfinished, and results owed to chats.
                    _ = try? await bot.resumeDue()
                    _ = try? await bot.deliverFinishedJobs()
                }
                tick += 1
                if tick % services.configuration.sweepSeconds == 0 {
                    await sweep()
                }
            }
        }
        // The server stops before its services, so no request is using the store any more. Closing runs
        // in a task of its own so that a cancelled service still closes its connections.
        await Task { await services.shutdown() }.value
    }

    func sweep() async {
        do {
            // Payments a notification never came for: read back until final (conditional updates: safe on
            // every instance).
            _ = try await services.billing.reconcile()
            _ = try await services.billing.renewDue()
            _ = try await services.generations.endOrphanedWork()
            let expired = try await services.ledger.expireCycles()
            let released = try await services.ledger.releaseOverdue()
            _ = try await services.files.sweepExpired()
            if expired + released > 0 {
                services.logger.notice(
                    "sweeper", metadata: ["cycles_expired": "\(expired)", "holds_released": "\(released)"])
            }
            // Ended rate windows, expired sign-in tokens and attempt counters: indexed deletes.
            try await services.rateLimits.prune()
            try await services.webAuth.prune()
            try await services.webSessions.prune()
            try await services.bot?.prune()
            FreedMemory.release()
        } catch is CancellationError {
            // Shutting down in the middle of a sweep: the next start sweeps again.
        } catch {
            services.logger.error("sweeper failed", metadata: ["error_type": "\(type(of: error))"])
        }
    }
}

extension Services {
    /// What every instance runs beside serving requests: the periodic work above, the job runner and the
    /// webhook dispatcher. The first closes the store once the server has stopped.
    public var backgroundServices: [any Service] {
        [
            BackgroundWork(services: self),
            JobRunner(
                generations: generations, catalog: catalog, store: store, clock: clock, logger: logger,
                concurrency: configuration.jobConcurrency,
                leaseMilliseconds: Int64(configuration.jobLeaseSeconds) * 1000,
                idle: .milliseconds(configuration.jobIdleMilliseconds)),
            WebhookDispatcher(
                store: store, clock: clock, logger: logger, publicURL: configuration.externalURL, inputs: inputs,
                idle: .milliseconds(configuration.jobIdleMilliseconds)),
        ]
    }
}
