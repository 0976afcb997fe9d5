import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Buying with Telegram Stars against the simulator's Bot API (SPEC §13): the invoice link, the pre-checkout
/// answer, and `successful_payment` credited exactly once per charge.
@Suite struct StarsPaymentTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func aPackageBoughtWithStarsIsCreditedOncePerCharge(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:light", provider: "stars")
        #expect(created.status == 201, "\(created.body)")
        let payment = try #require(created.json["payment"])
        #expect(payment["amount_stars"] == 300 && payment["status"] == "pending")
        let link = try #require(payment["invoice_link"]?.stringValue)
        #expect(link.hasPrefix("https://t.me/"))
        let id = try #require(payment["id"]?.intValue)

        let paid = try await fixture.simulator(
            .POST, "/telegram/_sim/pay",
            json: #"{"token": "\#(PaymentFixture.botToken)", "invoice": "\#(link)", "user_id": 777}"#)
        #expect(paid.json["answered"] == true && paid.json["ok"] == true, "\(paid.body)")
        #expect(try await fixture.waitFor(id, status: "succeeded"))
        #expect(try await fixture.gateway.balance() == before + 100)

        // Telegram delivers the same successful_payment again, three times.
        let charge = try #require(paid.json["charge_id"]?.stringValue)
        let update = #"""
            {"message": {"message_id": 9, "date": 1765000000, "chat": {"id": 777, "type": "private"},
              "from": {"id": 777, "is_bot": false, "first_name": "Sim"},
              "successful_payment": {"currency": "XTR", "total_amount": 300, "invoice_payload": "payment:\#(id)",
                "telegram_payment_charge_id": "\#(charge)", "provider_payment_charge_id": "p"}}}
            """#
        let again = try await fixture.simulator(
            .POST, "/telegram/_sim/updates",
            json: #"{"token": "\#(PaymentFixture.botToken)", "times": 3, "update": \#(update)}"#)
        #expect(again.json["statuses"]?.arrayValue?.allSatisfy { $0 == 200 } == true, "\(again.body)")
        #expect(try await fixture.gateway.balance() == before + 100)

        // The paid invoice is refused at the next pre-checkout, with a reason the user can read.
        let twice = try await fixture.simulator(
            .POST, "/telegram/_sim/pay",
            json: #"{"token": "\#(PaymentFixture.botToken)", "invoice": "\#(link)", "user_id": 777}"#)
        #expect(twice.json["answered"] == true && twice.json["ok"] == false)
        #expect(twice.json["error_message"]?.stringValue?.isEmpty == false)
        #expect(try await fixture.gateway.balance() == before + 100)
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// A plan is a 30-day Star subscription; Telegram's renewal charge (`is_recurring`) starts the next cycle as
    /// a payment of its own.
    @Test(arguments: databases)
    func aPlanIsAStarSubscriptionAndItsRenewalStartsTheNextCycle(_ database: TestDatabase) async throws {
        let fixture = try await PaymentFixture.start(database)
        let created = try await fixture.checkout("plan:elite", provider: "stars")
        #expect(created.json["payment"]?["amount_stars"] == 3350, "\(created.body)")
        let link = try #require(created.json["payment"]?["invoice_link"]?.stringValue)
        let calls = try await fixture.simulator(.GET, "/telegram/_sim/calls?token=\(PaymentFixture.botToken)")
        let invoice = calls.json["calls"]?.arrayValue?.first { $0["method"] == "createInvoiceLink" }
        #expect(invoice?["params"]?["subscription_period"] == 2_592_000 && invoice?["params"]?["currency"] == "XTR")
        let pay = #"{"token": "\#(PaymentFixture.botToken)", "invoice": "\#(link)", "user_id": 555}"#
        let paid = try await fixture.simulator(.POST, "/telegram/_sim/pay", json: pay)
        #expect(paid.json["ok"] == true, "\(paid.body)")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        #expect(try await fixture.waitFor(id, status: "succeeded"))
        let services = fixture.gateway.app.services
        let first = try await services.accounts.find(id: fixture.gateway.account.id)
        #expect(first.plan == "elite" && first.subscriptionTokens == 3000)
        // A month later Telegram charges the subscription again.
        try await Task.sleep(for: .milliseconds(5))
        let renewal =
            #"{"token": "\#(PaymentFixture.botToken)", "invoice": "\#(link)", "user_id": 555, "recurring": true}"#
        let renewed = try await fixture.simulator(.POST, "/telegram/_sim/pay", json: renewal)
        #expect(renewed.json["charge_id"]?.stringValue != nil, "\(renewed.body)")
        let payments = try await fixture.gateway.get("/api/v2/billing/payments").json["payments"]?.arrayValue ?? []
        #expect(payments.count == 2 && payments.allSatisfy { $0["status"] == "succeeded" }, "\(payments)")
        let second = try await services.accounts.find(id: fixture.gateway.account.id)
        #expect(second.plan == "elite" && (second.planExpiresAt ?? 0) > (first.planExpiresAt ?? .max))
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// A Stars refund goes through `refundStarPayment` and takes back the unspent tokens; a second is refused.
    @Test func aStarsRefundTakesBackTheTokens() async throws {
        let fixture = try await PaymentFixture.start(.sqlite)
        let before = try await fixture.gateway.balance()
        let created = try await fixture.checkout("package:light", provider: "stars")
        let id = try #require(created.json["payment"]?["id"]?.intValue)
        let link = try #require(created.json["payment"]?["invoice_link"]?.stringValue)
        _ = try await fixture.simulator(
            .POST, "/telegram/_sim/pay",
            json: #"{"token": "\#(PaymentFixture.botToken)", "invoice": "\#(link)", "user_id": 31}"#)
        #expect(try await fixture.waitFor(id, status: "succeeded"))
        let refunded = try await fixture.gateway.app.services.billing.refund(paymentID: id)
        #expect(refunded.status == .refunded && refunded.refundedTokens == 100 && refunded.unrecoveredTokens == 0)
        #expect(try await fixture.gateway.balance() == before)
        let calls = try await fixture.simulator(.GET, "/telegram/_sim/calls?token=\(PaymentFixture.botToken)")
        let refund = calls.json["calls"]?.arrayValue?.first { $0["method"] == "refundStarPayment" }
        #expect(refund?["params"]?["user_id"] == 31 && refund?["ok"] == true)
        await #expect(throws: APIError.self) {
            _ = try await fixture.gateway.app.services.billing.refund(paymentID: id)
        }
        #expect(try await fixture.gateway.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test func theWebhookWantsItsSecret() async throws {
        let fixture = try await PaymentFixture.start(.sqlite)
        let webhook = fixture.url + "/api/v2/telegram/webhook"
        let update =
            #"{"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": 5, "type": "private"}, "text": "hi"}}"#
        let missing = try await TestHTTP.request(.POST, webhook, json: update)
        #expect(missing.status == 401)
        let wrong = try await TestHTTP.request(
            .POST, webhook, json: update, headers: [("X-Telegram-Bot-Api-Secret-Token", "not-it")])
        #expect(wrong.status == 401)
        let right = try await TestHTTP.request(
            .POST, webhook, json: update, headers: [("X-Telegram-Bot-Api-Secret-Token", PaymentFixture.webhookSecret)])
        #expect(right.status == 200)
        let malformed = try await TestHTTP.request(
            .POST, webhook, json: "[1,2", headers: [("X-Telegram-Bot-Api-Secret-Token", PaymentFixture.webhookSecret)])
        #expect(malformed.status == 400)
        // A pre-checkout Telegram no longer knows (it refuses the answer): 200, as a redelivery cannot help.
        let stale =
            #"{"update_id": 5001, "pre_checkout_query": {"id": "5001", "from": {"id": 77, "is_bot": false, "first_name": "F"}, "currency": "XTR", "total_amount": 50, "invoice_payload": "x"}}"#
        let answered = try await TestHTTP.request(
            .POST, webhook, json: stale, headers: [("X-Telegram-Bot-Api-Secret-Token", PaymentFixture.webhookSecret)])
        #expect(answered.status == 200, "\(answered.body)")
        // Over the webhook's 1 MiB: 413, not 500.
        let huge = #"{"update_id": 2, "x": "\#(String(repeating: "a", count: 1_100_000))"}"#
        let tooLarge = try await TestHTTP.request(
            .POST, webhook, json: huge, headers: [("X-Telegram-Bot-Api-Secret-Token", PaymentFixture.webhookSecret)])
        #expect(tooLarge.status == 413 && tooLarge.json["error"] == "payload_too_large")
        await fixture.stop()
    }
}
