import Hummingbird
import Logging
import ServiceLifecycle
import TollgateCore
import TollgateServices

/// The composition root: builds every service for `configuration` and the HTTP application on them.
/// `onServerRunning` receives the bound address (useful with port 0).
public func buildApplication(
    configuration: Configuration, onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try buildApplication(
        services: try await buildServices(configuration: configuration), onServerRunning: onServerRunning)
}

/// The HTTP application over already built services (tests build the services first to seed data).
public func buildApplication(
    services: Services, onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = try buildRouter(services: services)
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [MalformedRequestResponder()],
                idleTimeout: .milliseconds(Int64(services.configuration.idleTimeoutSeconds * 1000)))),
        configuration: .init(
            address: .hostname(services.configuration.host, port: services.configuration.port),
            serverName: "tollgate"
        ),

        services: services.backgroundServices,
        onServerRunning: { channel in
            let address = channel.localAddress
            let hostPort = "\(address?.ipAddress ?? services.configuration.host):\(address?.port ?? 0)"
            services.address.bound(hostPort)
            await onServerRunning(hostPort)
        },
        logger: services.logger
    )
    app.beforeServerStarts {
        services.logger.notice(
            "tollgate starting",
            metadata: [
                "database": .string(services.store.engine.kind.rawValue),
                // Models of the others answer 503 model_unavailable, and /models says so.
                "providers": .string(services.providers.configured.joined(separator: ",")),
            ])
    }
    return app
}

/// Every route of the instance.
func buildRouter(services: Services) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // The request id outermost, so every answer carries it; then metrics, so error answers are counted too.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    let routes = RouteTable()
    router.add(
        middleware: ErrorMiddleware(
            shape: .native, maxBodyBytes: services.configuration.maxBodyBytes, routes: routes))
    HealthController(
        store: services.store, metrics: services.metrics, providerStats: services.providers.transport.stats
    ).addRoutes(to: router)
    let openAPI = try OpenAPIDocument.bundled()
    OpenAPIController(document: openAPI).addRoutes(to: router)
    FilesController(files: services.files).addRoutes(to: router)

    let optionalAuth = AuthMiddleware(
        authenticator: services.authenticator, plans: services.plans, sessions: services.webSessions, required: false)
    let auth = AuthMiddleware(
        authenticator: services.authenticator, plans: services.plans, sessions: services.webSessions, required: true)
    let rateHeaders = RateLimitHeadersMiddleware(rateLimits: services.rateLimits)
    let baseURL = PublicBaseURL(configured: services.configuration.publicURL)

    let api = router.group("api/v2")
    let publicAPI = api.group().add(middleware: optionalAuth).add(middleware: rateHeaders)
    ModelsController(catalog: services.catalog, generations: services.generations).addRoutes(to: publicAPI)
    let billing = BillingController(
        billing: services.billing, trustForwardedFor: services.configuration.webAuth.trustForwardedFor)
    billing.addPublicRoutes(to: publicAPI)
    // Calls from Telegram and YooKassa: no auth middleware (each proves itself its own way).
    TelegramWebhookController(
        billing: services.billing, bot: services.bot, secret: services.configuration.payments.telegramWebhookSecret
    )
    .addRoutes(to: api.group())
    // Sign-in routes sit outside the auth middleware: a stale token must never block a login or refresh.
    AuthController(
        webAuth: services.webAuth, authenticator: services.authenticator, users: services.users,
        cookies: WebCookies.make(services)
    ).addRoutes(
        to: api.group())

    let privateAPI = api.group().add(middleware: auth).add(middleware: rateHeaders)
    UserController(users: services.users, baseURL: baseURL).addRoutes(to: privateAPI)
    KeysController(keys: services.keys).addRoutes(to: privateAPI)
    BalanceController(accounts: services.accounts).addRoutes(to: privateAPI)
    let generate = GenerateController(
        generations: services.generations, users: services.users, catalog: services.catalog, baseURL: baseURL)
    generate.addRoutes(to: privateAPI)
    WebhookSecretController(users: services.users).addRoutes(to: privateAPI)
    billing.addRoutes(to: privateAPI)
    SpeechToTextController(generations: services.generations, catalog: services.catalog, baseURL: baseURL).addRoutes(
        to: privateAPI)

    // Compatible surfaces [ext], each rendering errors in its own SDK's shape.
    let openAI = router.group("v1").add(middleware: ErrorMiddleware(shape: .openAI)).add(middleware: auth).add(
        middleware: rateHeaders)
    OpenAICompatController(generations: services.generations, catalog: services.catalog).addRoutes(to: openAI)
    OpenAIMediaCompatController(
        generations: services.generations, catalog: services.catalog, files: services.files, baseURL: baseURL
    ).addRoutes(to: openAI)
    let anthropic = router.group("v1").add(middleware: ErrorMiddleware(shape: .anthropic)).add(middleware: auth).add(
        middleware: rateHeaders)
    AnthropicCompatController(generations: services.generations, catalog: services.catalog).addRoutes(to: anthropic)

    try addPages(to: router, services: services, baseURL: baseURL, openAPI: openAPI)
    routes.set(router.routes.map { ($0.path.description, $0.method) })
    return router
}

/// The web dashboard, the admin area and the documentation (SPEC §14, §16).
func addPages(
    to router: Router<AppRequestContext>, services: Services, baseURL: PublicBaseURL, openAPI: OpenAPIDocument
) throws {
    let renderer = try PageRenderer.bundled(telegramBot: services.configuration.webAuth.telegramBotUsername)
    let cookies = WebCookies.make(services)
    let pages = router.group().add(
        middleware: PageMiddleware(
            sessions: services.webSessions, users: services.users, renderer: renderer, cookies: cookies))
    try SitePages(services: services, renderer: renderer, baseURL: baseURL, openAPI: openAPI).addRoutes(to: pages)
    SignInPages(
        webAuth: services.webAuth, sessions: services.webSessions, renderer: renderer, cookies: cookies,
        googleLoginURL: services.configuration.externalURL + "/login/google"
    ).addRoutes(to: pages)
    DashboardPages(services: services, renderer: renderer, cookies: cookies).addRoutes(to: pages)
    HistoryPages(services: services, renderer: renderer).addRoutes(to: pages)
    PlaygroundPage(services: services, renderer: renderer).addRoutes(to: pages)
    BillingPage(services: services, renderer: renderer, baseURL: baseURL).addRoutes(to: pages)
    AdminPages(services: services, renderer: renderer).addRoutes(to: pages)
}
