import Foundation
import Logging
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServices

/// `tollgate doctor` (SPEC §17): a healthy setup passes every check; each broken part is named with its fix.
@Suite struct DoctorTests {
    static let logger: Logger = {
        var logger = Logger(label: "doctor-test")
        logger.logLevel = .critical
        return logger
    }()

    /// A configuration on `scratch` with every provider and both payment channels at `simulator`.
    static func configuration(_ scratch: Scratch, simulator: String) -> Configuration {
        var configuration = Configuration()
        configuration.dataDirectory = scratch.directory
        configuration.databaseURL = scratch.databaseURL.map { Secret($0) }
        configuration.simulatorURL = simulator
        configuration.publicURL = "https://api.example.com"
        var yookassa = YooKassaSettings(shopID: "doctor-shop", secretKey: "test_doctor")
        yookassa.apiURL = simulator + "/yookassa/v3"
        configuration.payments.yookassa = yookassa
        configuration.payments.telegramAPIURL = simulator + "/telegram"
        configuration.payments.telegramWebhookSecret = "doctor-secret"
        configuration.webAuth.telegramBotToken = "123456:doctor"
        return configuration
    }

    @Test(arguments: TestDatabase.available)
    func aHealthySetupPassesEveryCheck(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        let scratch = try await database.makeScratch()
        let configuration = Self.configuration(scratch, simulator: simulator.url)
        let before = await Doctor(configuration: configuration, logger: Self.logger).run()
        // A new database: the migrations are pending (a warning), and the doctor applied none of them.
        #expect(before.first { $0.area == "migrations" }?.status == .warning)
        let (store, _) = try await Self.open(scratch)
        try await store.migrate(logger: Self.logger)
        await store.engine.shutdown()

        let checks = await Doctor(configuration: configuration, logger: Self.logger).run()
        let areas = Set(checks.map(\.area))
        for id in ["openai", "anthropic", "google", "deepseek", "xai", "replicate", "luma", "midjourney", "elevenlabs"]
        {
            #expect(areas.contains("provider \(id)"))
        }
        #expect(areas.isSuperset(of: ["configuration", "database", "migrations", "files", "yookassa", "telegram"]))
        // SMTP is not configured here: the one warning.
        #expect(checks.filter { $0.status != .ok }.map(\.area) == ["mail"], "\(checks)")
        // The probe file is gone.
        let files = try FileManager.default.contentsOfDirectory(atPath: configuration.filesDirectory)
        #expect(files.isEmpty)
        await scratch.remove()
        await simulator.stop()
    }

    @Test func eachBrokenPartIsNamedWithItsFix() async throws {
        let simulator = try await RunningSimulator.start()
        let scratch = try await TestDatabase.sqlite.makeScratch()
        var configuration = Self.configuration(scratch, simulator: simulator.url)
        configuration.providers["openai"] = ProviderSettings(apiKey: "sim-invalid-key")
        configuration.providers["xai"] = ProviderSettings(baseURL: "http://127.0.0.1:1", apiKey: "k")
        configuration.webAuth.telegramBotToken = "not-a-token"
        configuration.payments.telegramWebhookSecret = nil
        // The files folder cannot be created: a file stands where it should be.
        _ = FileManager.default.createFile(atPath: configuration.filesDirectory, contents: Data("x".utf8))

        let checks = await Doctor(configuration: configuration, logger: Self.logger).run()
        func problem(_ area: String) -> String? {
            let found = checks.filter { $0.area == area && $0.status == .problem }.map(\.detail)
            return found.isEmpty ? nil : found.joined(separator: " | ")
        }
        #expect(problem("provider openai")?.contains("TOLLGATE_PROVIDERS_OPENAI_API_KEY") == true)
        #expect(problem("provider xai")?.contains("127.0.0.1:1") == true)
        #expect(problem("telegram")?.contains("TOLLGATE_TELEGRAM_BOT_TOKEN") == true)
        #expect(problem("telegram")?.contains("TOLLGATE_TELEGRAM_WEBHOOK_SECRET") == true)
        #expect(problem("files") != nil)
        #expect(checks.first { $0.area == "provider anthropic" }?.status == .ok)
        await scratch.remove()
        await simulator.stop()
    }

    @Test func anUnreachableDatabaseIsOneLineSayingWhatToDo() async throws {
        let scratch = try await TestDatabase.sqlite.makeScratch()
        var configuration = Configuration()
        configuration.dataDirectory = scratch.directory
        configuration.databaseURL = "postgres://tollgate:secret-password@127.0.0.1:1/tollgate"
        let checks = await Doctor(configuration: configuration, logger: Self.logger).run()
        let database = try #require(checks.first { $0.area == "database" })
        #expect(database.status == .problem)
        #expect(database.detail.contains("127.0.0.1:1") && database.detail.contains("connection refused"))
        #expect(!database.detail.contains("secret-password") && !database.detail.contains("\n"))
        #expect(!checks.contains { $0.area == "migrations" })
        await scratch.remove()
    }

    static func open(_ scratch: Scratch) async throws -> (Store, Scratch) {
        let store = try await Store.open(
            postgresURL: scratch.databaseURL, sqlitePath: scratch.directory + "/tollgate.sqlite", logger: logger)
        return (store, scratch)
    }
}
