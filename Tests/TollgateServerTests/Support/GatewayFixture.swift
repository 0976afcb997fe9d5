import Foundation
import Logging
import TollgateCore
import TollgateSimulator
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// A simulator and a live gateway pointed at it, on one database, with one account and key.
struct GatewayFixture {
    let simulator: RunningSimulator
    let app: TestApp
    let gateway: RunningGateway
    let account: AccountRecord
    let key: String

    static func start(
        _ database: TestDatabase, plan: String = "elite", tokens: Int64 = 0, logger: Logger? = nil,
        configure: @escaping (inout Configuration) -> Void = { _ in }
    ) async throws -> GatewayFixture {
        let simulator = try await RunningSimulator.start()
        let app = try await TestApp.make(database, logger: logger) { configuration in
            configuration.simulatorURL = simulator.url
            configure(&configuration)
        }
        let (account, key) = try await app.account(plan: plan, tokens: tokens)
        let gateway = try await RunningGateway.start(app.services)
        return GatewayFixture(simulator: simulator, app: app, gateway: gateway, account: account, key: key)
    }

    /// Stops the gateway (which closes its store) and the simulator, and removes the data.
    func stop() async {
        await gateway.stop()
        await simulator.stop()
        await app.scratch.remove()
    }

    func post(_ path: String, _ json: String, headers: [(String, String)] = []) async throws -> TestHTTP.Reply {
        try await TestHTTP.request(.POST, gateway.url + path, key: key, json: json, headers: headers)
    }

    func get(_ path: String) async throws -> TestHTTP.Reply {
        try await TestHTTP.request(.GET, gateway.url + path, key: key)
    }

    func balance() async throws -> Int64 {
        try await app.services.accounts.find(id: account.id).availableTokens
    }

    func ledgerProblems() async throws -> [String] {
        try await app.services.ledger.check()
    }

    func generation(_ id: Int64) async throws -> GenerationRecord? {
        try await app.services.store.read { db in try await app.services.store.generations.find(id: id, on: db) }
    }

    /// Waits (briefly) until `condition` holds, for effects that land just after a response.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
