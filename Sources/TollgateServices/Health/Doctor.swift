import Foundation
import Logging
import TollgateProviders
import TollgateStore

/// One finding of `tollgate doctor`: an area, whether it is fine, and what to do when it is not.
public struct DoctorCheck: Sendable, Equatable {
    public enum Status: String, Sendable { case ok, warning, problem }

    public let area: String
    public let status: Status
    public let detail: String

    public init(_ area: String, _ status: Status, _ detail: String) {
        self.area = area
        self.status = status
        self.detail = detail
    }
}

/// Checks an instance's setup without serving or changing anything but a probe file: the configuration,
/// the database and its migrations, file storage, each configured provider and payment channel (SPEC §17).
public struct Doctor: Sendable {
    let configuration: Configuration
    let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Every check, in order; a database that cannot be opened skips the migration check only.
    public func run() async -> [DoctorCheck] {
        var checks = settingsChecks()
        checks += await databaseChecks()
        checks.append(await filesCheck())
        let transport = ProviderTransport()
        checks += await providerChecks(transport: transport)
        checks += await paymentChecks(transport: transport)
        await transport.shutdown()
        return checks
    }

    /// What the configuration itself says (it loaded, or the command would not have got here).
    func settingsChecks() -> [DoctorCheck] {
        var checks = [DoctorCheck("configuration", .ok, "loaded (tollgate \(TollgateVersion.current))")]
        if configuration.publicURL == nil {
            checks.append(
                DoctorCheck(
                    "public URL", .warning,
                    "not set: mailed links and payment returns name \(configuration.externalURL); "
                        + "set TOLLGATE_PUBLIC_URL to the address users reach"))
        }
        if configuration.webAuth.smtp == nil {
            checks.append(
                DoctorCheck(
                    "mail", .warning,
                    "no SMTP server: verification and reset emails are only logged; set TOLLGATE_SMTP_HOST and TOLLGATE_SMTP_FROM"
                ))
        }
        if !["", "off"].contains(configuration.ffmpeg) {
            let path = ProcessInfo.processInfo.environment["PATH"]
            checks.append(
                FrameGrabber.locate(configuration.ffmpeg, searchPath: path).map {
                    DoctorCheck(
                        "ffmpeg", .ok,
                        "ffmpeg at \($0) cuts the first frames of videos made from text and converts images to the "
                            + "formats their upstreams do not make")
                }
                    ?? DoctorCheck(
                        "ffmpeg", .warning,
                        "ffmpeg (\(configuration.ffmpeg)) not found: videos made from text get no thumbnail unless "
                            + "their provider gives one, and image models take only the formats their upstreams make; "
                            + "install ffmpeg, or set TOLLGATE_FFMPEG=off"))
        }
        if configuration.webAuth.telegramBotToken != nil, configuration.payments.telegramWebhookSecret == nil {
            checks.append(
                DoctorCheck(
                    "telegram", .problem,
                    "a bot token without TOLLGATE_TELEGRAM_WEBHOOK_SECRET: the webhook refuses every update; set one"))
        }
        return checks
    }

    func databaseChecks() async -> [DoctorCheck] {
        let name = configuration.databaseURL == nil ? "SQLite at \(configuration.sqlitePath)" : "PostgreSQL"
        let store: Store
        do {
            store = try await Store.open(
                postgresURL: configuration.databaseURL?.revealed, connections: 1, sqlitePath: configuration.sqlitePath,
                logger: logger)
        } catch {
            let reason = error is StoreError ? "\(error)" : StoreError.explain(error) ?? "\(name): \(error)"
            return [DoctorCheck("database", .problem, reason)]
        }
        var checks = [DoctorCheck("database", .ok, "\(name) answers")]
        do {
            let pending = try await Migrator(engine: store.engine, logger: logger).pending()
            checks.append(
                pending.isEmpty
                    ? DoctorCheck("migrations", .ok, "schema up to date (version \(Migration.all.last?.version ?? 0))")
                    : DoctorCheck(
                        "migrations", .warning,
                        "\(pending.count) pending (up to version \(pending.last?.version ?? 0)): "
                            + "`tollgate migrate` applies them (serve does at start)"))
        } catch {
            checks.append(DoctorCheck("migrations", .problem, StoreError.explain(error) ?? "\(error)"))
        }
        await store.engine.shutdown()
        return checks
    }

    /// Writes, reads back and deletes a probe file where results are kept.
    func filesCheck() async -> DoctorCheck {
        let storage: any FileStorage
        let place: String
        do {
            if let s3 = configuration.s3 {
                storage = S3FileStorage(s3)
                place = "S3 bucket \(s3.bucket) at \(s3.endpoint)"
            } else {
                storage = try LocalFileStorage(directory: configuration.filesDirectory)
                place = configuration.filesDirectory
            }
        } catch {
            return DoctorCheck("files", .problem, "cannot set up file storage: \(error)")
        }
        defer { Task { await storage.shutdown() } }
        let key = "doctor-\(UUID().uuidString.lowercased())"
        let bytes = Array("tollgate doctor".utf8)
        do {
            try await storage.put(key: key, bytes: bytes, contentType: "text/plain")
            let read = try await storage.get(key: key)
            try await storage.delete(key: key)
            guard read == bytes else {
                return DoctorCheck("files", .problem, "\(place): a written file read back wrong")
            }
            return DoctorCheck("files", .ok, "\(place): write, read and delete work")
        } catch {
            return DoctorCheck(
                "files", .problem, "\(place): \(error); check that the folder (or bucket) exists and is writable")
        }
    }

    func providerChecks(transport: ProviderTransport) async -> [DoctorCheck] {
        let endpoints = providerEndpoints(configuration)
        guard !endpoints.isEmpty else {
            return [
                DoctorCheck(
                    "providers", .warning,
                    "none configured: every model answers 503 model_unavailable; "
                        + "set TOLLGATE_PROVIDERS_<ID>_API_KEY (e.g. TOLLGATE_PROVIDERS_OPENAI_API_KEY)")
            ]
        }
        var checks: [DoctorCheck] = []
        for (id, endpoint) in endpoints.sorted(by: { $0.key < $1.key }) {
            let variable = "TOLLGATE_PROVIDERS_\(id.uppercased())_API_KEY"
            checks.append(
                Self.check(
                    "provider \(id)", await ProviderProbe.check(endpoint, transport: transport),
                    at: endpoint.baseURL, refusedFix: "check \(variable)"))
        }
        return checks
    }

    func paymentChecks(transport: ProviderTransport) async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        if let settings = configuration.payments.yookassa {
            let endpoint = YooKassaClient.endpoint(
                shopID: settings.shopID, secretKey: settings.secretKey, baseURL: settings.apiURL)
            checks.append(
                Self.check(
                    "yookassa", await ProviderProbe.check(endpoint, transport: transport), at: settings.apiURL,
                    refusedFix: "check TOLLGATE_YOOKASSA_SHOP_ID and TOLLGATE_YOOKASSA_SECRET_KEY"))
        }
        if let token = configuration.webAuth.telegramBotToken {
            let client = TelegramBotClient(
                transport: transport,
                endpoint: TelegramBotClient.endpoint(baseURL: configuration.payments.telegramAPIURL),
                token: token.revealed)
            checks.append(
                Self.check(
                    "telegram", await client.me(), at: configuration.payments.telegramAPIURL,
                    refusedFix: "check TOLLGATE_TELEGRAM_BOT_TOKEN (from @BotFather)"))
        }
        return checks
    }

    static func check(_ area: String, _ outcome: ProviderProbe.Outcome, at baseURL: String, refusedFix: String)
        -> DoctorCheck
    {
        switch outcome {
        case .accepted: DoctorCheck(area, .ok, "\(baseURL) accepts the credentials")
        case .refused(let status):
            DoctorCheck(area, .problem, "\(baseURL) refused the credentials (HTTP \(status)): \(refusedFix)")
        case .failed(let reason):
            DoctorCheck(
                area, .problem,
                "\(baseURL) did not answer as expected (\(reason)): check the network, proxy and base URL")
        }
    }
}
