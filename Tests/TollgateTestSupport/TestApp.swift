import Foundation
import Logging
import TollgateCore
import TollgateServices
import TollgateStore

/// Builds a real instance's services (real database, real services) for a test, the same way `serve` does;
/// the server's tests run the HTTP application on them.
public struct TestApp: Sendable {
    public let services: Services
    public let scratch: Scratch

    public init(services: Services, scratch: Scratch) {
        self.services = services
        self.scratch = scratch
    }

    public static func make(
        _ database: TestDatabase, clock: any WallClock = SystemClock(), logger: Logger? = nil,
        configure: (inout Configuration) -> Void = { _ in }
    ) async throws -> TestApp {
        let scratch = try await database.makeScratch()
        var configuration = Configuration()
        configuration.port = 0
        configuration.dataDirectory = scratch.directory
        configuration.databaseURL = scratch.databaseURL.map { Secret($0) }
        configuration.logLevel = .error
        // bcrypt at its lowest cost: at the default (12) every instance's dummy hash took seconds of a core
        // in a debug build, and hundreds of instances starved the rest of the suite.
        configuration.webAuth.bcryptCost = 4
        configure(&configuration)
        let services = try await buildServices(configuration: configuration, clock: clock, logger: logger)
        return TestApp(services: services, scratch: scratch)
    }

    /// Creates an account and a key for it; returns the key.
    public func account(_ email: String = "user@example.com", plan: String = "elite", tokens: Int64 = 0) async throws
        -> (AccountRecord, String)
    {
        let account = try await services.accounts.create(email: email, planCode: plan, extraTokens: tokens)
        let key = try await services.keys.create(accountID: account.id, name: "test")
        return (account, key.key)
    }

    /// Closes the store and removes the data, for tests that never start the application.
    public func close() async {
        await services.shutdown()
        await scratch.remove()
    }
}
