import Hummingbird
import Logging
import ServiceLifecycle
import TollgateCore

/// The composition root: builds every service for `configuration` and the HTTP application on them.
public func buildApplication(configuration: Configuration) async throws -> some ApplicationProtocol {
    try await buildApplication(services: buildServices(configuration: configuration))
}

/// The HTTP application over already built services (tests build services first to seed data).
/// `onServerRunning` receives the bound address (useful with port 0).
public func buildApplication(
    services: Services, onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(services: services)
    var app = Application(
        router: router,
        configuration: .init(
            address: .hostname(services.configuration.host, port: services.configuration.port),
            serverName: "tollgate"
        ),
        services: [
            BackgroundWork(services: services),
            JobRunner(
                generations: services.generations, catalog: services.catalog, store: services.store, clock: services.clock,
                logger: services.logger, concurrency: services.configuration.jobConcurrency,
                leaseMilliseconds: Int64(services.configuration.jobLeaseSeconds) * 1000,
                idle: .milliseconds(services.configuration.jobIdleMilliseconds)),
            WebhookDispatcher(
                store: services.store, clock: services.clock, logger: services.logger,
                publicURL: services.configuration.publicURL
                    ?? "http://\(services.configuration.host):\(services.configuration.port)",
                inputs: services.inputs,
                idle: .milliseconds(services.configuration.jobIdleMilliseconds)),
        ],
        onServerRunning: { channel in
            let address = channel.localAddress
            await onServerRunning("\(address?.ipAddress ?? services.configuration.host):\(address?.port ?? 0)")
        },
        logger: services.logger
    )
    app.beforeServerStarts {
        services.logger.notice("tollgate starting", metadata: ["database": .string(services.store.engine.kind.rawValue)])
    }
    return app
}

/// Every route of the instance.
func buildRouter(services: Services) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // Metrics outermost, so error answers are counted too.
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    router.add(middleware: ErrorMiddleware(maxBodyBytes: services.configuration.maxBodyBytes))
    HealthController(store: services.store, metrics: services.metrics).addRoutes(to: router)
    FilesController(files: services.files).addRoutes(to: router)

    let api = router.group("api/v2")
    let publicAPI = api.group().add(middleware: AuthMiddleware(authenticator: services.authenticator, plans: services.plans, required: false))
        .add(middleware: RateLimitHeadersMiddleware(rateLimits: services.rateLimits))
    ModelsController(catalog: services.catalog).addRoutes(to: publicAPI)
    // Sign-in routes sit outside the auth middleware: a stale token must never block a login or refresh.
    AuthController(webAuth: services.webAuth, authenticator: services.authenticator).addRoutes(to: api.group())

    let privateAPI = api.group().add(middleware: AuthMiddleware(authenticator: services.authenticator, plans: services.plans, required: true))
        .add(middleware: RateLimitHeadersMiddleware(rateLimits: services.rateLimits))
    UserController(users: services.users).addRoutes(to: privateAPI)
    KeysController(keys: services.keys).addRoutes(to: privateAPI)
    BalanceController(accounts: services.accounts).addRoutes(to: privateAPI)
    GenerateController(
        generations: services.generations, catalog: services.catalog,
        keepAlive: .milliseconds(Int64(services.configuration.keepAliveSeconds * 1000)),
        publicURL: services.configuration.publicURL
    ).addRoutes(to: privateAPI)
    WebhookSecretController(store: services.store).addRoutes(to: privateAPI)
    SpeechToTextController(
        generations: services.generations, catalog: services.catalog, publicURL: services.configuration.publicURL
    ).addRoutes(to: privateAPI)


    // Compatible surfaces [ext], each rendering errors in its own SDK's shape.
    let keepAlive = Duration.milliseconds(Int64(services.configuration.keepAliveSeconds * 1000))
    let auth = AuthMiddleware(authenticator: services.authenticator, plans: services.plans, required: true)
    let rateHeaders = RateLimitHeadersMiddleware(rateLimits: services.rateLimits)
    let openAI = router.group("v1").add(middleware: CompatErrorMiddleware(shape: .openAI)).add(middleware: auth).add(middleware: rateHeaders)
    OpenAICompatController(generations: services.generations, catalog: services.catalog, keepAlive: keepAlive).addRoutes(to: openAI)
    OpenAIMediaCompatController(generations: services.generations, catalog: services.catalog, files: services.files).addRoutes(to: openAI)
    let anthropic = router.group("v1").add(middleware: CompatErrorMiddleware(shape: .anthropic)).add(middleware: auth).add(middleware: rateHeaders)
    AnthropicCompatController(generations: services.generations, catalog: services.catalog, keepAlive: keepAlive).addRoutes(to: anthropic)
    return router
}

/// Periodic work every instance does beside serving: flushing key last-use times each second, and
/// every few seconds ending expired plan cycles and releasing holds past their deadline (safe on any
/// number of instances: each step is a conditional update). Closes the store after the server stopped.
struct BackgroundWork: Service {
    let services: Services

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var tick = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                try? await services.authenticator.flushUsage()
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
            let expired = try await services.ledger.expireCycles()
            let released = try await services.ledger.releaseOverdue()
            _ = try await services.files.sweepExpired()
            if expired + released > 0 {
                services.logger.notice("sweeper", metadata: ["cycles_expired": "\(expired)", "holds_released": "\(released)"])
            }
            // Ended rate windows, expired sign-in tokens and attempt counters: indexed deletes.
            try await services.rateLimits.prune()
            try await services.webAuth.prune()
            FreedMemory.release()
        } catch is CancellationError {
            // Shutting down in the middle of a sweep: the next start sweeps again.
        } catch {
            services.logger.error("sweeper failed", metadata: ["error_type": "\(type(of: error))"])
        }
    }
}
