import Foundation
import Logging
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Payments under faults (issue 19): notifications out of order, a restart between the payment and its credit,
/// two instances on one PostgreSQL receiving the same notifications, and no secret in any log line.
@Suite struct PaymentFaultTests {
    static let databases = TestDatabase.available

    /// A `canceled` notification after `succeeded` changes nothing: the payment is read back, and YooKassa says
    /// succeeded.
    @Test func aLateCancellationIsIgnored() async throws {
        let fixture = try await PaymentFixture.start(.sqlite)
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:light")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        #expect(
            try await fixture.confirm(try #require(created.json["payment"]?["confirmation_url"]?.stringValue)) < 400)
        #expect(try await fixture.waitFor(id, status: "succeeded"))
        let billing = fixture.gateway.app.services.billing
        let external = try #require(try await billing.payment(id: id, accountID: fixture.gateway.account.id).externalID)
        let late = #"{"type": "notification", "event": "payment.canceled", "object": {"id": "\#(external)"}}"#
        let answer = try await TestHTTP.request(
            .POST, fixture.url + "/api/v2/billing/yookassa/notifications", json: late)
        #expect(answer.status == 200)
        #expect(try await fixture.payment(id)["status"] == "succeeded")
        #expect(try await fixture.gateway.balance() == before + 100)
        await fixture.stop()
    }

    /// The process dies after the user paid and before any credit: the next instance's reconciler finishes it,
    /// once.
    @Test(arguments: databases)
    func aRestartBetweenPaymentAndCreditLosesNothing(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:light")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        let external = try #require(
            try await fixture.gateway.app.services.billing.payment(id: id, accountID: fixture.gateway.account.id)
                .externalID)
        // The instance stops (its store closed) — then the user pays, and the notification finds nobody.
        await fixture.gateway.gateway.stop()
        _ = try await fixture.simulator(.POST, "/yookassa/_sim/payments/\(external)/succeed")
        let restarted = try await Self.instance(on: fixture)
        #expect(try await restarted.billing.reconcile(due: .max) == 1)
        #expect(try await restarted.billing.reconcile(due: .max) == 0)
        #expect(try await restarted.accounts.find(id: fixture.gateway.account.id).availableTokens == before + 100)
        #expect(try await restarted.ledger.check().isEmpty)
        await restarted.shutdown()
        await fixture.gateway.simulator.stop()
        await fixture.gateway.app.scratch.remove()
    }

    /// Two instances sharing one PostgreSQL database receive the same notifications, dozens at once: each
    /// payment is credited once.
    @Test(.enabled(if: TestDatabase.postgresAdminURL != nil))
    func twoInstancesOnOnePostgreSQLCreditOnce() async throws {
        let fixture = try await PaymentFixture.start(.postgres)
        let other = try await Self.instance(on: fixture)
        let second = try await RunningGateway.start(other)
        let before = try await fixture.gateway.balance()
        var externals: [String] = []
        for _ in 0..<5 {
            let created = try await fixture.checkout("package:light")
            let id = try #require(created.json["payment"]?["id"]?.intValue)
            let external = try #require(
                try await fixture.gateway.app.services.billing.payment(id: id, accountID: fixture.gateway.account.id)
                    .externalID)
            externals.append(external)
        }
        // Paid without notifications (the shop's webhooks removed), then every notification sent to both.
        let hooks = try await fixture.simulator(
            .GET, "/yookassa/v3/webhooks", headers: [("Authorization", PaymentFixture.shopAuth)])
        for hook in hooks.json["items"]?.arrayValue ?? [] {
            _ = try await fixture.simulator(
                .DELETE, "/yookassa/v3/webhooks/\(hook["id"]?.stringValue ?? "")",
                headers: [("Authorization", PaymentFixture.shopAuth)])
        }
        for external in externals {
            _ = try await fixture.simulator(.POST, "/yookassa/_sim/payments/\(external)/succeed")
        }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for external in externals {
                for url in [fixture.url, second.url] {
                    for _ in 0..<6 {
                        group.addTask {
                            let body =
                                #"{"type": "notification", "event": "payment.succeeded", "object": {"id": "\#(external)"}}"#
                            return try await TestHTTP.request(
                                .POST, url + "/api/v2/billing/yookassa/notifications", json: body
                            ).status
                        }
                    }
                }
            }
            for try await status in group { #expect(status == 200) }
        }
        #expect(try await fixture.gateway.balance() == before + 500)
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await second.stop()
        await fixture.stop()
    }

    /// No level prints the shop's secret key, the bot token or the webhook secret, through a purchase with each
    /// provider and its notifications.
    @Test func noSecretInAnyLogLine() async throws {
        let lines = LogLines()
        var logger = Logger(label: "tollgate") { _ in lines.handler }
        logger.logLevel = .trace
        let fixture = try await PaymentFixture.start(.sqlite, logger: logger)
        let created = try await fixture.checkout("package:light")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        #expect(
            try await fixture.confirm(try #require(created.json["payment"]?["confirmation_url"]?.stringValue)) < 400)
        #expect(try await fixture.waitFor(id, status: "succeeded"))
        let stars = try await fixture.checkout("package:start", provider: "stars")
        let link = try #require(stars.json["payment"]?["invoice_link"]?.stringValue)
        _ = try await fixture.simulator(
            .POST, "/telegram/_sim/pay", json: #"{"token": "\#(PaymentFixture.botToken)", "invoice": "\#(link)"}"#)
        _ = try await TestHTTP.request(
            .POST, fixture.url + "/api/v2/billing/yookassa/notifications", json: "{not json")
        await fixture.stop()
        #expect(!lines.all.isEmpty)
        let secrets = ["sk_test_secret", PaymentFixture.botToken, "TEST-token", PaymentFixture.webhookSecret]
        for line in lines.all {
            let text = line.message + " " + line.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            for secret in secrets { #expect(!text.contains(secret), "\(line.message)") }
        }
    }

    /// Another instance's services on the fixture's database (a restarted or second instance).
    static func instance(on fixture: PaymentFixture) async throws -> Services {
        var configuration = fixture.gateway.app.services.configuration
        configuration.port = 0
        return try await buildServices(configuration: configuration)
    }

    /// A shop with 54-FZ receipts on refuses a payment without one; with `yookassa.receipts` Tollgate sends it.
    @Test func receiptsGoWithEachPaymentWhenTheShopNeedsThem() async throws {
        let without = try await PaymentFixture.start(.sqlite)
        _ = try await without.simulator(.POST, "/yookassa/_sim/knobs", json: #"{"receipts_required": true}"#)
        let refused = try await without.checkout("package:light")
        #expect(refused.status == 502 && refused.json["error"] == "payment_provider_error", "\(refused.body)")
        // Refused, not lost: canceled, so the reconciler does not ask again.
        let payments = try await without.gateway.get("/api/v2/billing/payments").json["payments"]?.arrayValue ?? []
        #expect(
            payments.first?["status"] == "canceled" && payments.first?["cancellation_reason"] == "rejected_by_provider")
        await without.stop()

        let with = try await PaymentFixture.start(.sqlite, receipts: true)
        _ = try await with.simulator(.POST, "/yookassa/_sim/knobs", json: #"{"receipts_required": true}"#)
        let created = try await with.checkout("package:light")
        #expect(created.status == 201, "\(created.body)")
        await with.stop()
    }

    /// YooKassa slower than the timeout on create: every try times out, the payment waits without YooKassa's id,
    /// and the reconciler's create with the same key gets the one payment YooKassa made — never a second.
    @Test func aCreateThatTimesOutIsFinishedWithTheSameKey() async throws {
        let fixture = try await PaymentFixture.start(.sqlite, yookassaTimeout: 1)
        _ = try await fixture.simulator(.POST, "/yookassa/_sim/knobs", json: #"{"delay_ms": 1500}"#)
        let slow = try await fixture.checkout("package:light")
        #expect(slow.status == 502, "\(slow.body)")
        let billing = fixture.gateway.app.services.billing
        let payment = try #require(try await billing.payments(accountID: fixture.gateway.account.id).first)
        #expect(payment.status == .pending && payment.externalID == nil)
        _ = try await fixture.simulator(.POST, "/yookassa/_sim/knobs", json: #"{"delay_ms": 0}"#)
        _ = try await billing.reconcile(due: .max)
        let found = try await billing.payment(id: payment.id, accountID: fixture.gateway.account.id)
        #expect(found.externalID != nil && found.confirmationURL != nil)
        let stats = try await fixture.simulator(.GET, "/yookassa/_sim/stats")
        #expect(stats.json["payments_created"] == 1, "\(stats.body)")
        await fixture.stop()
    }
}
