import Logging
import SQLKit

/// The persistence layer: one engine and the literal stores that run on it.
public struct Store: Sendable {
    public let engine: any DatabaseEngine
    public let accounts = AccountStore()
    public let keys = ApiKeyStore()
    public let ledger = LedgerStore()
    public let generations = GenerationStore()
    public let rateWindows = RateWindowStore()
    public let admissions: AdmissionStore
    public let settlements: SettlementStore
    public let idempotency = IdempotencyStore()
    public let instances = InstanceStore()
    public let files = FileRecordStore()
    public let webhooks = WebhookStore()
    public let payments = PaymentStore()
    public let renewals = RenewalStore()
    public let profiles = ProfileStore()
    public let history = HistoryStore()
    public let credentials = CredentialStore()
    public let authTokens = AuthTokenStore()
    public let refreshTokens = RefreshTokenStore()
    public let loginAttempts = LoginAttemptStore()
    public let smsCodes = SMSCodeStore()
    public let serverSecrets = ServerSecretStore()
    public let webSessions = WebSessionStore()
    public let adminActions = AdminActionStore()
    public let modelSwitches = ModelSwitchStore()
    public let telegramUpdates = TelegramUpdateStore()
    public let botChats = BotChatStore()
    public let botJobs = BotJobStore()
    public let supportRequests = SupportRequestStore()

    public init(engine: any DatabaseEngine) {
        self.engine = engine
        admissions = AdmissionStore(engine: engine)
        settlements = SettlementStore(engine: engine)
    }

    /// Opens the database named by `url` (`postgres://…`, with at most `connections` connections) or the
    /// SQLite file at `sqlitePath`.
    public static func open(
        postgresURL url: String?, connections: Int = PostgresEngine.defaultMaxConnections, sqlitePath: String,
        logger: Logger
    ) async throws -> Store {
        if let url {
            try await PostgresProbe.check(url: url, logger: logger)
            return Store(engine: try PostgresEngine(url: url, maxConnections: connections, logger: logger))
        }
        return Store(engine: try await SQLiteEngine.open(path: sqlitePath, logger: logger))
    }

    /// Runs `body`, one self-contained write statement (see `DatabaseEngine.statement`).
    public func statement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await engine.statement(body)
    }

    /// Runs `body` in one transaction.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await engine.transaction(body)
    }

    /// Runs `body` on a reading connection.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await engine.read(body)
    }

    /// Applies pending migrations.
    @discardableResult
    public func migrate(logger: Logger) async throws -> [Int] {
        try await Migrator(engine: engine, logger: logger).migrate()
    }
}
