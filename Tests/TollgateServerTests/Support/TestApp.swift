import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TollgateCore
import TollgateStore
@testable import TollgateServer
@testable import TollgateServices
import TollgateTestSupport

/// Builds a real instance (real database, real services) for a test, the same way `serve` does.
struct TestApp {
    let services: Services
    let scratch: Scratch

    static func make(
        _ database: TestDatabase, clock: any WallClock = SystemClock(), configure: (inout Configuration) -> Void = { _ in }
    ) async throws -> TestApp {
        let scratch = try await database.makeScratch()
        var configuration = Configuration()
        configuration.port = 0
        configuration.dataDirectory = scratch.directory
        configuration.databaseURL = scratch.databaseURL
        configuration.logLevel = .error
        configure(&configuration)
        let services = try await buildServices(configuration: configuration, clock: clock)
        return TestApp(services: services, scratch: scratch)
    }

    /// Creates an account and a key for it; returns the key.
    func account(_ email: String = "user@example.com", plan: String = "elite", tokens: Int64 = 0) async throws -> (AccountRecord, String) {
        let account = try await services.accounts.create(email: email, planCode: plan, extraTokens: tokens)
        let key = try await services.keys.create(accountID: account.id, name: "test")
        return (account, key.key)
    }

    /// Closes the store and removes the data, for tests that never start the application.
    func close() async {
        await services.shutdown()
        await scratch.remove()
    }

    /// Runs `body` against the application's router; the store is closed afterwards.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = buildApplication(services: services)
        do {
            try await app.test(.router, body)
        } catch {
            await scratch.remove()
            throw error
        }
        await scratch.remove()
    }
}

extension HTTPFields {
    static func bearer(_ key: String) -> HTTPFields {
        [.authorization: "Bearer \(key)", .contentType: "application/json"]
    }
}

extension ByteBuffer {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}

extension TestResponse {
    /// The body parsed as JSON (`null` if it is not JSON).
    var json: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))) ?? .null
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        objectValue?[key]
    }
}
