import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// Every long-lived service of an instance, built once by `buildServices(configuration:)`.
/// The HTTP application and the command line both run on it.
public struct Services: Sendable {
    public let configuration: Configuration
    public let logger: Logger
    public let clock: any WallClock
    public let store: Store
    public let catalog: Catalog
    public let plans: PlanBook
    public let metrics: Metrics
    public let authenticator: Authenticator
    public let accounts: AccountService
    public let keys: KeyService
    public let ledger: LedgerService
    public let providers: ProviderRegistry
    public let generations: GenerationService
    public let files: FileService
    public let inputs: InputGuard
    public let rateLimits: RateLimitService
    public let users: UserService
    public let webAuth: WebAuthService
    public let billing: BillingService
    public let webSessions: WebSessions
    public let admin: AdminService
    public let documentation: Documentation
    public let assistant: SupportAssistant
    /// The Telegram bot, when a bot token is configured.
    public let bot: TelegramBot?
    /// Where other parties reach this instance (links in mail).
    public let address: ExternalAddress

    /// Closes the database; call once when done.
    public func shutdown() async {
        try? await authenticator.flushUsage()
        await providers.transport.shutdown()
        await files.storage.shutdown()
        await store.engine.shutdown()
    }
}

/// Builds the services for `configuration`: loads and checks the catalog and plans, opens the database
/// and migrates it. A bad catalog entry, plan or setting stops here with a message naming it.
/// `mailer` replaces the one the configuration selects (tests read the mail it receives).
public func buildServices(
    configuration: Configuration, clock: any WallClock = SystemClock(), logger: Logger? = nil,
    mailer: (any Mailer)? = nil
) async throws -> Services {
    var logger = logger ?? Logger(label: "tollgate")
    logger.logLevel = configuration.logLevel
    let frames = FrameGrabber(
        ffmpeg: configuration.ffmpeg,
        scratchDirectory: (configuration.dataDirectory as NSString).appendingPathComponent("tmp"),
        environment: ProcessInfo.processInfo.environment)
    if frames.executable == nil, !["", "off"].contains(configuration.ffmpeg) {
        logger.notice(
            "ffmpeg not found: videos made from text get no first-frame thumbnail, images no format conversion",
            metadata: ["ffmpeg": "\(configuration.ffmpeg)"])
    }
    let loaded =
        try configuration.catalogFile.map { try Catalog.load(from: Data(contentsOf: URL(fileURLWithPath: $0))) }
        ?? Catalog.bundled()
    // Without ffmpeg no result is converted: a model takes only the formats its upstream makes.
    let catalog = frames.executable == nil ? try loaded.withoutConversion() : loaded
    let plans =
        try configuration.plansFile.map { try PlanBook.load(from: Data(contentsOf: URL(fileURLWithPath: $0))) }
        ?? PlanBook.bundled()
    let store = try await Store.open(
        postgresURL: configuration.databaseURL?.revealed, connections: configuration.databaseConnections,
        sqlitePath: configuration.sqlitePath, logger: logger)
    let jwtSecret: String
    do {
        try await store.migrate(logger: logger)
        jwtSecret = try await JWTSecret.resolve(configuration, store: store, clock: clock)
    } catch {
        await store.engine.shutdown()
        throw error
    }
    let accessTokens = AccessTokens(
        secret: jwtSecret, lifetimeSeconds: configuration.webAuth.accessTokenSeconds, clock: clock)
    let authenticator = Authenticator(
        store: store, clock: clock, ttlSeconds: configuration.keyCacheSeconds, accessTokens: accessTokens)
    let ledger = LedgerService(store: store, plans: plans, clock: clock)
    let providers = ProviderRegistry(transport: ProviderTransport(), endpoints: providerEndpoints(configuration))
    let storage: any FileStorage =
        try configuration.s3.map(S3FileStorage.init) ?? LocalFileStorage(directory: configuration.filesDirectory)
    let files = FileService(store: store, storage: storage, plans: plans, clock: clock)
    let inputs = InputGuard(allowPrivate: configuration.allowPrivateInputs)
    let switches = ModelSwitches(store: store)
    try await switches.refresh()
    let users = UserService(store: store, plans: plans, catalog: catalog, clock: clock)
    let telegram = configuration.webAuth.telegramBotToken.map { token in
        TelegramBotClient(
            transport: providers.transport,
            endpoint: TelegramBotClient.endpoint(baseURL: configuration.payments.telegramAPIURL), token: token.revealed)
    }
    let billing = BillingService(
        store: store, plans: plans, ledger: ledger, clock: clock, logger: logger,
        yookassa: configuration.payments.yookassa.map { settings in
            var endpoint = YooKassaClient.endpoint(
                shopID: settings.shopID, secretKey: settings.secretKey, baseURL: settings.apiURL)
            endpoint.readTimeoutSeconds = settings.timeoutSeconds
            return YooKassaGateway(
                settings: settings, client: YooKassaClient(transport: providers.transport, endpoint: endpoint))
        },
        stars: telegram.map { StarsGateway(client: $0) },
        returnURL: configuration.externalURL + "/dashboard/billing")
    let accounts = AccountService(store: store, plans: plans, clock: clock)
    let address = ExternalAddress(publicURL: configuration.publicURL, fallback: configuration.externalURL)
    let generations = GenerationService(
        store: store, plans: plans, ledger: ledger, providers: providers, clock: clock, logger: logger,
        files: files, inputs: inputs, frames: frames,
        keepAlive: .milliseconds(Int64(configuration.keepAliveSeconds * 1000)),
        instance: Instance.make(port: configuration.port, now: clock.nowMilliseconds()), switches: switches,
        stalledReaderTimeout: .milliseconds(Int64(configuration.idleTimeoutSeconds * 1000)))
    let webAuth = try await WebAuthService.make(
        store: store, plans: plans, accounts: accounts, tokens: accessTokens,
        mailer: mailer ?? configuredMailer(configuration, logger: logger), settings: configuration.webAuth,
        address: address, clock: clock, logger: logger, authenticator: authenticator,
        google: configuration.webAuth.google.map {
            GoogleSignIn(settings: $0, transport: providers.transport, clock: clock)
        },
        sms: configuration.webAuth.sms.map { SMSRuSender(settings: $0, transport: providers.transport) })
    let documentation = try Documentation.bundled(catalog: catalog, plans: plans)
    let assistant = SupportAssistant(
        documentation: documentation, generations: generations, accounts: accounts, catalog: catalog,
        settings: configuration.support, baseURL: configuration.externalURL, logger: logger)
    let botLogger = logger
    let bot = telegram.map { client in
        TelegramBot(
            store: store, catalog: catalog, plans: plans, accounts: accounts, generations: generations, users: users,
            webAuth: webAuth, billing: billing, files: files, assistant: assistant,
            sender: BotSender(client: client, pacer: BotPacer()) { chatID in
                let now = clock.nowMilliseconds()
                try? await store.statement { db in try await store.botChats.setBlocked(chatID: chatID, at: now, on: db)
                }
                botLogger.notice(
                    "bot blocked by a user; the chat is not written to again", metadata: ["chat": "\(chatID)"])
            },
            baseURL: configuration.externalURL, clock: clock, logger: logger)
    }
    return Services(
        configuration: configuration, logger: logger, clock: clock, store: store, catalog: catalog, plans: plans,
        metrics: Metrics(), authenticator: authenticator,
        accounts: accounts,
        keys: KeyService(store: store, authenticator: authenticator, clock: clock),
        ledger: ledger, providers: providers,
        generations: generations,
        files: files, inputs: inputs,
        rateLimits: RateLimitService(store: store, plans: plans, clock: clock),
        users: users,
        webAuth: webAuth,
        billing: billing,
        webSessions: WebSessions(store: store, clock: clock, lifetimeDays: configuration.webAuth.refreshTokenDays),
        admin: AdminService(
            store: store, plans: plans, ledger: ledger, billing: billing, users: users, switches: switches,
            authenticator: authenticator, stats: providers.transport.stats, clock: clock, logger: logger),
        documentation: documentation, assistant: assistant, bot: bot, address: address
    )
}

/// The endpoint of every provider that can be reached: configured with a key, or the simulator when one
/// is set (then every provider's base URL is `<simulator>/<provider id>`).
func providerEndpoints(_ configuration: Configuration) -> [String: ProviderEndpoint] {
    var endpoints: [String: ProviderEndpoint] = [:]
    for id in KnownProviders.displayNames.keys {
        let settings = configuration.providers[id] ?? ProviderSettings()
        guard var endpoint = ProviderRegistry.defaultEndpoint(providerID: id, apiKey: settings.apiKey) else { continue }
        // A provider's own base URL wins over the simulator, which wins over the public API.
        if let baseURL = settings.baseURL {
            endpoint.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        } else if let simulator = configuration.simulatorURL {
            endpoint.baseURL = simulator.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/" + id
        }
        if configuration.simulatorURL != nil, endpoint.apiKey == nil { endpoint.apiKey = "simulator" }
        guard endpoint.apiKey != nil else { continue }
        endpoint.proxy = settings.proxy
        endpoint.connectTimeoutSeconds = settings.connectTimeoutSeconds
        endpoint.readTimeoutSeconds = settings.readTimeoutSeconds
        endpoints[id] = endpoint
    }
    return endpoints
}
