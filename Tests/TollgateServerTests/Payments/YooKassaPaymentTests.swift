import Foundation
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Buying with YooKassa against the simulator's fake (SPEC §13): checkout, the confirmation page, the
/// notification read back, and each payment credited exactly once whatever arrives, twice or not at all.
@Suite struct YooKassaPaymentTests {
    static let databases = TestDatabase.available

    @Test func productsComeFromThePlansData() async throws {
        let fixture = try await PaymentFixture.start(.sqlite)
        let reply = try await TestHTTP.request(.GET, fixture.url + "/api/v2/billing/products")
        #expect(reply.status == 200)
        let products = reply.json["products"]?.arrayValue ?? []
        #expect(products.count == 12)
        let light = products.first { $0["id"] == "package:light" }
        #expect(light?["tokens"] == 100 && light?["price_rub"] == 449 && light?["price_stars"] == 300)
        #expect(light?["kind"] == "package")
        let basic = products.first { $0["id"] == "plan:basic" }
        #expect(basic?["tokens"] == 300 && basic?["price_rub"] == 890 && basic?["price_stars"] == 600)
        #expect(!products.contains { $0["id"] == "plan:free" })
        await fixture.stop()
    }

    @Test(arguments: databases)
    func aPackageIsCreditedOnceThoughTheNotificationComesAgain(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:light")
        #expect(created.status == 201, "\(created.body)")
        let payment = try #require(created.json["payment"])
        #expect(payment["status"] == "pending" && payment["amount_rub"] == 449 && payment["tokens"] == 100)
        let id = try #require(payment["id"]?.intValue)
        let page = try #require(payment["confirmation_url"]?.stringValue)
        #expect(page.hasPrefix(fixture.simulator + "/yookassa/confirm/"))
        #expect(try await fixture.gateway.balance() == before)

        #expect(try await fixture.confirm(page) < 400)
        #expect(try await fixture.waitFor(id, status: "succeeded"))
        #expect(try await fixture.gateway.balance() == before + 100)
        #expect(try await fixture.payment(id)["paid_at"]?.stringValue != nil)

        // YooKassa delivers again, many times at once; and the reconciler looks too.
        let external = try #require(
            try await fixture.gateway.app.services.billing.payment(id: id, accountID: fixture.gateway.account.id)
                .externalID)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = try await fixture.simulator(.POST, "/yookassa/_sim/notify/\(external)") }
            }
            try await group.waitForAll()
        }
        _ = try await fixture.gateway.app.services.billing.reconcile(due: .max)
        #expect(try await fixture.gateway.balance() == before + 100)
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func aPlanStartsItsCycleAtOnce(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        // Elite: the key keeps its API access after the purchase (Basic has none, and the next call would be a 403).
        let created = try await fixture.checkout("plan:elite", extra: #", "save_payment_method": true"#)
        #expect(created.status == 201, "\(created.body)")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        let started = ContinuousClock.now
        #expect(
            try await fixture.confirm(try #require(created.json["payment"]?["confirmation_url"]?.stringValue)) < 400)
        let confirmed = ContinuousClock.now - started
        let succeeded = try await fixture.waitFor(id, status: "succeeded")
        let seen = try await fixture.payment(id)
        #expect(succeeded, "confirm took \(confirmed): \(seen)")
        let account = try await fixture.gateway.app.services.accounts.find(id: fixture.gateway.account.id)
        #expect(account.plan == "elite" && account.subscriptionTokens == 3000 && account.planExpiresAt != nil)
        let stored = try await fixture.gateway.app.services.billing.payment(id: id, accountID: account.id)
        #expect(stored.paymentMethodID != nil)  // saved for renewal
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func aCancelledPaymentRecordsItsReasonAndCreditsNothing(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:start")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        #expect(
            try await fixture.confirm(
                try #require(created.json["payment"]?["confirmation_url"]?.stringValue), pay: false) < 400)
        #expect(try await fixture.waitFor(id, status: "canceled"))
        #expect(try await fixture.payment(id)["cancellation_reason"]?.stringValue?.isEmpty == false)
        #expect(try await fixture.gateway.balance() == before)
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// A notification is a hint: a forged "succeeded" for a payment YooKassa still calls pending credits nothing,
    /// and one from an address outside YooKassa's networks is refused.
    @Test func forgedAndUntrustedNotificationsMoveNothing() async throws {
        let fixture = try await PaymentFixture.start(.sqlite)
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:light")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        let external = try #require(
            try await fixture.gateway.app.services.billing.payment(id: id, accountID: fixture.gateway.account.id)
                .externalID)
        let forged =
            #"{"type": "notification", "event": "payment.succeeded", "object": {"id": "\#(external)", "status": "succeeded", "paid": true, "amount": {"value": "449.00", "currency": "RUB"}}}"#
        let answer = try await TestHTTP.request(
            .POST, fixture.url + "/api/v2/billing/yookassa/notifications", json: forged)
        #expect(answer.status == 200)
        #expect(try await fixture.payment(id)["status"] == "pending")
        #expect(try await fixture.gateway.balance() == before)
        let malformed = try await TestHTTP.request(
            .POST, fixture.url + "/api/v2/billing/yookassa/notifications", json: "{")
        #expect(malformed.status == 400 && malformed.json["error"] != nil)
        let unknown = try await TestHTTP.request(
            .POST, fixture.url + "/api/v2/billing/yookassa/notifications",
            json: #"{"type": "notification", "event": "payment.succeeded", "object": {"id": "not-ours"}}"#)
        #expect(unknown.status == 200)
        let huge = #"{"type": "notification", "object": {"id": "\#(String(repeating: "a", count: 100_000))"}}"#
        let tooLarge = try await TestHTTP.request(
            .POST, fixture.url + "/api/v2/billing/yookassa/notifications", json: huge)
        #expect(tooLarge.status == 413 && tooLarge.json["error"] == "payload_too_large")
        await fixture.stop()

        let strict = try await PaymentFixture.start(.sqlite, trusted: false)
        let refused = try await TestHTTP.request(
            .POST, strict.url + "/api/v2/billing/yookassa/notifications", json: forged)
        #expect(refused.status == 403 && refused.json["error"] == "forbidden")
        await strict.stop()
    }

    /// A lost notification loses no purchase: the reconciler reads the payment back and credits it, once.
    @Test(arguments: databases)
    func theReconcilerFinishesWhatNoNotificationReported(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:light")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        let billing = fixture.gateway.app.services.billing
        let external = try #require(try await billing.payment(id: id, accountID: fixture.gateway.account.id).externalID)
        // Paid at YooKassa, its notifications lost: the shop's webhooks removed first.
        let hooks = try await fixture.simulator(
            .GET, "/yookassa/v3/webhooks", headers: [("Authorization", PaymentFixture.shopAuth)])
        for hook in hooks.json["items"]?.arrayValue ?? [] {
            let hookID = try #require(hook["id"]?.stringValue)
            _ = try await fixture.simulator(
                .DELETE, "/yookassa/v3/webhooks/\(hookID)", headers: [("Authorization", PaymentFixture.shopAuth)])
        }
        _ = try await fixture.simulator(.POST, "/yookassa/_sim/payments/\(external)/succeed")
        #expect(try await fixture.payment(id)["status"] == "pending")
        #expect(try await billing.reconcile(due: .max) == 1)
        #expect(try await fixture.payment(id)["status"] == "succeeded")
        #expect(try await billing.reconcile(due: .max) == 0)
        #expect(try await fixture.gateway.balance() == before + 100)
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// YooKassa failing on create is retried with the same idempotence key: one payment at YooKassa.
    @Test func aFailedCreateIsRetriedWithTheSameKey() async throws {
        let fixture = try await PaymentFixture.start(.sqlite)
        _ = try await fixture.simulator(
            .POST, "/yookassa/_sim/knobs", json: #"{"fail_next_creates": 1, "fail_status": 500}"#)
        let created = try await fixture.checkout("package:light")
        #expect(created.status == 201, "\(created.body)")
        let stats = try await fixture.simulator(.GET, "/yookassa/_sim/stats")
        #expect(stats.json["payments_created"] == 1, "\(stats.body)")
        await fixture.stop()
    }

    @Test func badCheckoutsAnswerInTheEnvelope() async throws {
        let fixture = try await PaymentFixture.start(.sqlite)
        let product = try await fixture.checkout("package:nope")
        #expect(product.status == 422 && product.json["error"] == "validation_error")
        let provider = try await fixture.checkout("package:light", provider: "paypal")
        #expect(provider.status == 422 && provider.json["details"]?["fields"]?["provider"] != nil)
        let anonymous = try await TestHTTP.request(
            .POST, fixture.url + "/api/v2/billing/checkout",
            json: #"{"product": "package:light", "provider": "yookassa"}"#)
        #expect(anonymous.status == 401)
        await fixture.stop()
        // A provider that is not configured: 503.
        let bare = try await GatewayFixture.start(.sqlite)
        let unconfigured = try await bare.post(
            "/api/v2/billing/checkout", #"{"product": "package:light", "provider": "yookassa"}"#)
        #expect(unconfigured.status == 503 && unconfigured.json["error"] == "provider_not_configured")
        let stars = try await bare.post(
            "/api/v2/billing/checkout", #"{"product": "package:light", "provider": "stars"}"#)
        #expect(stars.status == 503)
        await bare.stop()
    }

    /// A refund goes through YooKassa and takes back the purchased tokens still unspent, never below zero, and
    /// records what it could not take back; a second refund is refused.
    @Test(arguments: databases)
    func aRefundTakesBackWhatIsLeft(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        let services = fixture.gateway.app.services
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:light")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        #expect(
            try await fixture.confirm(try #require(created.json["payment"]?["confirmation_url"]?.stringValue)) < 400)
        #expect(try await fixture.waitFor(id, status: "succeeded"))
        // 95 of the 100 package tokens spent meanwhile.
        _ = try await services.ledger.grant(
            accountID: fixture.gateway.account.id, tokens: -95, bucket: .package, reason: "test: spent")
        let refunded = try await services.billing.refund(paymentID: id)
        #expect(refunded.status == .refunded && refunded.refundedTokens == 5 && refunded.unrecoveredTokens == 95)
        let account = try await services.accounts.find(id: fixture.gateway.account.id)
        // +100 bought, −95 spent, −5 taken back.
        #expect(account.packageTokens == 0 && account.availableTokens == before)
        let stats = try await fixture.simulator(.GET, "/yookassa/_sim/stats")
        #expect(stats.json["refunds"] == 1, "\(stats.body)")
        await #expect(throws: APIError.self) { _ = try await services.billing.refund(paymentID: id) }
        #expect(try await fixture.payment(id)["status"] == "refunded")
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// Two databases on one shop (a staging copy, a fresh install) number their payments alike: their creates
    /// must not share idempotence keys, or YooKassa would answer one with the other's payment or a 400.
    @Test func twoDatabasesOnOneShopGetTheirOwnPayments() async throws {
        let first = try await PaymentFixture.start(.sqlite)
        let second = try await GatewayFixture.start(.sqlite, plan: "vip") { configuration in
            var yookassa = YooKassaSettings(shopID: "shop-1", secretKey: "sk_test_secret")
            yookassa.apiURL = first.simulator + "/yookassa/v3"
            configuration.payments.yookassa = yookassa
        }
        let one = try await first.checkout("package:light")
        try await Task.sleep(for: .milliseconds(5))
        let other = try await second.post(
            "/api/v2/billing/checkout", #"{"product": "package:light", "provider": "yookassa"}"#)
        #expect(one.status == 201 && other.status == 201, "\(other.body)")
        #expect(one.json["payment"]?["id"] == other.json["payment"]?["id"])  // both number from 1
        let pages = [one, other].compactMap { $0.json["payment"]?["confirmation_url"]?.stringValue }
        #expect(Set(pages).count == 2)
        await second.stop()
        await first.stop()
    }

    /// A plan bought with `save_payment_method` renews a day before its cycle ends by charging the saved method,
    /// once per cycle; the user can turn it off; a failed charge is recorded and leaves the plan to lapse.
    @Test(arguments: databases)
    func aPlanRenewsWithItsSavedMethodOncePerCycle(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        let services = fixture.gateway.app.services
        let accountID = fixture.gateway.account.id
        let created = try await fixture.checkout("plan:elite", extra: #", "save_payment_method": true"#)
        let first = try #require(created.json["payment"]?["id"]?.intValue)
        #expect(
            try await fixture.confirm(try #require(created.json["payment"]?["confirmation_url"]?.stringValue)) < 400)
        #expect(try await fixture.waitFor(first, status: "succeeded"))
        let renewal = try await fixture.gateway.get("/api/v2/billing/renewal")
        #expect(renewal.json["renewal"]?["enabled"] == true && renewal.json["renewal"]?["product"] == "plan:elite")

        func endCycleSoon() async throws {
            let soon = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
            try await services.store.transaction { db in
                try await db.raw("UPDATE accounts SET plan_expires_at = \(bind: soon) WHERE id = \(bind: accountID)")
                    .run()
            }
        }
        func payments() async throws -> [JSONValue] {
            try await fixture.gateway.get("/api/v2/billing/payments").json["payments"]?.arrayValue ?? []
        }

        try await endCycleSoon()
        #expect(try await services.billing.renewDue() == 1)
        #expect(try await services.billing.renewDue() == 0)  // once per cycle
        #expect(try await payments().count == 2)
        #expect(try await payments().allSatisfy { $0["status"] == "succeeded" })
        let renewed = try await services.accounts.find(id: accountID)
        let month = Int64(Date().timeIntervalSince1970 * 1000) + 29 * 86_400_000
        #expect(renewed.plan == "elite" && renewed.subscriptionTokens == 3000 && (renewed.planExpiresAt ?? 0) > month)

        // Turned off: nothing is charged.
        let off = try await TestHTTP.request(
            .PATCH, fixture.url + "/api/v2/billing/renewal", key: fixture.gateway.key, json: #"{"enabled": false}"#)
        #expect(off.json["renewal"]?["enabled"] == false)
        try await endCycleSoon()
        #expect(try await services.billing.renewDue() == 0)

        // On again, and the card now declined: the charge is recorded as canceled and the plan left to lapse.
        _ = try await TestHTTP.request(
            .PATCH, fixture.url + "/api/v2/billing/renewal", key: fixture.gateway.key, json: #"{"enabled": true}"#)
        let method = try #require(try await services.billing.payment(id: first, accountID: accountID).paymentMethodID)
        _ = try await fixture.simulator(.POST, "/yookassa/_sim/knobs", json: #"{"fail_saved_method": "\#(method)"}"#)
        let expiry = try await services.accounts.find(id: accountID).planExpiresAt
        #expect(try await services.billing.renewDue() == 1)
        let declined = try #require(try await payments().first)
        #expect(declined["status"] == "canceled" && declined["cancellation_reason"]?.stringValue?.isEmpty == false)
        #expect(try await services.accounts.find(id: accountID).planExpiresAt == expiry)
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }
}
