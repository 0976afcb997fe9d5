import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("YooKassa simulator")
struct YooKassaSimulatorTests {
    let api = "/yookassa/v3"

    /// POSTs `json` to `path` of the API as test shop 100500, with `key` as its Idempotence-Key.
    func post(
        _ client: some TestClientProtocol, _ path: String, _ json: JSONObject, key: String? = UUID().uuidString,
        shop: String = "100500"
    ) async throws -> TestResponse {
        try await client.execute(
            uri: api + path, method: .post, headers: PaymentRequests.yooKassa(key: key, shop: shop),
            body: Requests.buffer(json))
    }

    /// GETs `path` of the API as test shop 100500.
    func get(_ client: some TestClientProtocol, _ path: String, shop: String = "100500") async throws -> JSONObject {
        try jsonObject(
            try await client.execute(uri: api + path, method: .get, headers: PaymentRequests.yooKassa(shop: shop)).body)
    }

    /// Subscribes `url` to every payment and refund event.
    func subscribe(_ client: some TestClientProtocol, _ url: String) async throws {
        for event in ["payment.succeeded", "payment.canceled", "payment.waiting_for_capture", "refund.succeeded"] {
            let answer = try await post(client, "/webhooks", ["event": event, "url": url + "/yookassa"], key: nil)
            #expect(answer.status == .ok)
        }
    }

    @Test func basicAuthIsRequired() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = Requests.buffer(PaymentRequests.payment())
            for authorization in [nil, "Bearer sk-test", PaymentRequests.basic("100500", ""), "Basic !!"] {
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[.init("Idempotence-Key")!] = UUID().uuidString
                if let authorization { headers[.authorization] = authorization }
                let refused = try await client.execute(
                    uri: api + "/payments", method: .post, headers: headers, body: body)
                #expect(refused.status == .unauthorized)
                let error = try jsonObject(refused.body)
                #expect(error.string("type") == "error")
                #expect(error.string("code") == "invalid_credentials")
                #expect(error.string("id")?.isEmpty == false && error.string("description")?.isEmpty == false)
            }
            #expect(try await post(client, "/payments", PaymentRequests.payment()).status == .ok)
        }
    }

    @Test func createdPaymentsArePendingWithARedirect() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let created = try await post(client, "/payments", PaymentRequests.payment())
            #expect(created.status == .ok)
            let payment = try jsonObject(created.body)
            let id = try #require(payment.string("id"))
            #expect(id.count == 36)
            #expect(payment.string("status") == "pending")
            #expect(payment["paid"] as? Bool == false)
            #expect(payment.object("amount")?.string("value") == "890.00")
            #expect(payment.object("amount")?.string("currency") == "RUB")
            #expect(payment.object("confirmation")?.string("type") == "redirect")
            let confirmURL = try #require(payment.object("confirmation")?.string("confirmation_url"))
            #expect(confirmURL.hasSuffix("/yookassa/confirm/\(id)"))
            #expect(payment.object("metadata")?.string("order_id") == "ord_1")
            #expect(payment["test"] as? Bool == true)
            #expect(payment.object("recipient")?.string("account_id") == "100500")
            var style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
            style.timeZone = TimeZone(identifier: "UTC")!
            #expect((try? style.parse(payment.string("created_at") ?? "")) != nil)

            let fetched = try await get(client, "/payments/\(id)")
            #expect(fetched.string("id") == id && fetched.string("status") == "pending")
            #expect(try await get(client, "/payments/\(id)", shop: "999").string("code") == "not_found")
            let unknown = try await client.execute(
                uri: api + "/payments/nope", method: .get, headers: PaymentRequests.yooKassa())
            #expect(unknown.status == .notFound)
        }
    }

    @Test func createChecksTheAmountAndLimits() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            var cases: [(JSONObject, String)] = []
            var body = PaymentRequests.payment(value: "890")
            cases.append((body, "amount.value"))
            body["amount"] = ["value": 890.0, "currency": "RUB"]
            cases.append((body, "amount.value"))
            body["amount"] = ["value": "890.00", "currency": "XXX"]
            cases.append((body, "amount.currency"))
            body = PaymentRequests.payment()
            body["description"] = String(repeating: "x", count: 129)
            cases.append((body, "description"))
            body = PaymentRequests.payment()
            body["metadata"] = ["order_id": 7]
            cases.append((body, "metadata"))
            for (body, parameter) in cases {
                let refused = try await post(client, "/payments", body)
                #expect(refused.status == .badRequest)
                let error = try jsonObject(refused.body)
                #expect(error.string("code") == "invalid_request")
                #expect(error.string("parameter") == parameter)
            }
        }
    }

    @Test func idempotenceKeysReplayTheSameBodyAndRefuseAnother() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let first = try jsonObject(try await post(client, "/payments", PaymentRequests.payment(), key: "k-1").body)
            let again = try await post(client, "/payments", PaymentRequests.payment(), key: "k-1")
            #expect(again.status == .ok)
            #expect(try jsonObject(again.body).string("id") == first.string("id"))

            let other = try await post(client, "/payments", PaymentRequests.payment(value: "1.00"), key: "k-1")
            #expect(other.status == .badRequest)
            let error = try jsonObject(other.body)
            #expect(error.string("code") == "invalid_request")
            #expect(error.string("parameter") == "Idempotence-Key")
            #expect(error.string("description") == "Idempotence key duplicated")

            let missing = try await post(client, "/payments", PaymentRequests.payment(), key: nil)
            #expect(missing.status == .badRequest)
            #expect(try jsonObject(missing.body).string("parameter") == "Idempotence-Key")
            let long = try await post(
                client, "/payments", PaymentRequests.payment(), key: String(repeating: "k", count: 65))
            #expect(long.status == .badRequest)

            let fresh = try jsonObject(try await post(client, "/payments", PaymentRequests.payment(), key: "k-2").body)
            #expect(fresh.string("id") != first.string("id"))
            let stats = try jsonObject(try await client.execute(uri: "/yookassa/_sim/stats", method: .get).body)
            #expect(stats.int("creates") == 6)
            #expect(stats.int("payments_created") == 2)
        }
    }

    @Test func payingOnTheConfirmationPageSucceedsNotifiesAndSavesTheCard() async throws {
        let (app, _) = makeSimulator()
        try await withReceiver { url, receiver in
            try await app.test(.router) { client in
                try await subscribe(client, url)
                let payment = try jsonObject(
                    try await post(client, "/payments", PaymentRequests.payment(save: true)).body)
                let id = try #require(payment.string("id"))

                let page = try await client.execute(uri: "/yookassa/confirm/\(id)", method: .get)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: page.body)
                #expect(html.contains("890.00 RUB") && !html.contains("<script"))
                #expect(html.contains("value=\"pay\"") && html.contains("value=\"cancel\""))
                #expect(html.contains("action=\"/yookassa/confirm/\(id)\""))

                let form = PaymentRequests.form("action=pay&card=5555+5555+5555+4444")
                let paid = try await client.execute(
                    uri: "/yookassa/confirm/\(id)", method: .post, headers: form.headers, body: form.body)
                #expect(paid.status == .seeOther)
                #expect(paid.headers[.location] == "https://tollgate.example/billing/return?o=ord_1")

                #expect(receiver.deliveries.count == 1)
                let notification = try #require(receiver.deliveries.first).json()
                #expect(notification.string("type") == "notification")
                #expect(notification.string("event") == "payment.succeeded")
                let object = try #require(notification.object("object"))
                #expect(object.string("id") == id && object.string("status") == "succeeded")
                #expect(object["paid"] as? Bool == true)
                #expect(object.object("payment_method")?["saved"] as? Bool == true)
                #expect(object.object("payment_method")?.string("type") == "bank_card")

                let now = try await get(client, "/payments/\(id)")
                #expect(now.string("status") == "succeeded" && now.string("captured_at") != nil)
                #expect(now.object("confirmation") == nil)

                // The saved card pays again at once, with no confirmation.
                let methodID = try #require(object.object("payment_method")?.string("id"))
                let charge = try jsonObject(
                    try await post(
                        client, "/payments",
                        [
                            "amount": ["value": "100.00", "currency": "RUB"], "capture": true,
                            "payment_method_id": methodID,
                        ]
                    ).body)
                #expect(charge.string("status") == "succeeded")
                #expect(receiver.deliveries.count == 2)
                let unknown = try await post(
                    client, "/payments",
                    ["amount": ["value": "100.00", "currency": "RUB"], "payment_method_id": "not-saved"])
                #expect(try jsonObject(unknown.body).string("parameter") == "payment_method_id")
            }
        }
    }

    @Test func cancelOnTheConfirmationPageCancelsAndNotifies() async throws {
        let (app, _) = makeSimulator()
        try await withReceiver { url, receiver in
            try await app.test(.router) { client in
                try await subscribe(client, url)
                let id = try #require(
                    try jsonObject(try await post(client, "/payments", PaymentRequests.payment(returnURL: nil)).body)
                        .string("id"))
                let form = PaymentRequests.form("action=cancel")
                let done = try await client.execute(
                    uri: "/yookassa/confirm/\(id)", method: .post, headers: form.headers, body: form.body)
                #expect(done.status == .ok)
                #expect(String(buffer: done.body).contains("canceled"))

                let payment = try await get(client, "/payments/\(id)")
                #expect(payment.string("status") == "canceled" && payment["paid"] as? Bool == false)
                #expect(payment.object("cancellation_details")?.string("party") == "yoo_money")
                #expect(payment.object("cancellation_details")?.string("reason") == "expired_on_confirmation")
                #expect(try receiver.deliveries.map { try $0.json().string("event") } == ["payment.canceled"])

                // A declined test card cancels for the issuer's reason.
                let declined = try #require(
                    try jsonObject(try await post(client, "/payments", PaymentRequests.payment()).body).string("id"))
                let card = PaymentRequests.form("action=pay&card=5555555555554600")
                _ = try await client.execute(
                    uri: "/yookassa/confirm/\(declined)", method: .post, headers: card.headers, body: card.body)
                let refused = try await get(client, "/payments/\(declined)")
                #expect(refused.object("cancellation_details")?.string("reason") == "insufficient_funds")
            }
        }
    }

    @Test func refundsTakeNoMoreThanIsLeft() async throws {
        let (app, _) = makeSimulator()
        try await withReceiver { url, receiver in
            try await app.test(.router) { client in
                try await subscribe(client, url)
                let id = try #require(
                    try jsonObject(try await post(client, "/payments", PaymentRequests.payment()).body).string("id"))
                let early = try await post(
                    client, "/refunds", ["payment_id": id, "amount": ["value": "1.00", "currency": "RUB"]])
                #expect(early.status == .badRequest)

                _ = try await client.execute(uri: "/yookassa/_sim/payments/\(id)/succeed", method: .post)
                let refund = try await post(
                    client, "/refunds", ["payment_id": id, "amount": ["value": "300.00", "currency": "RUB"]])
                #expect(refund.status == .ok)
                let refunded = try jsonObject(refund.body)
                #expect(refunded.string("status") == "succeeded" && refunded.string("payment_id") == id)
                #expect(refunded.object("amount")?.string("value") == "300.00")
                #expect(refunded.string("created_at") != nil && refunded.string("id") != nil)
                #expect(try await get(client, "/payments/\(id)").object("refunded_amount")?.string("value") == "300.00")

                let tooMuch = try await post(
                    client, "/refunds", ["payment_id": id, "amount": ["value": "590.01", "currency": "RUB"]])
                #expect(tooMuch.status == .badRequest)
                #expect(try jsonObject(tooMuch.body).string("code") == "invalid_request")
                let rest = try await post(
                    client, "/refunds", ["payment_id": id, "amount": ["value": "590.00", "currency": "RUB"]])
                #expect(rest.status == .ok)
                let after = try await get(client, "/payments/\(id)")
                #expect(after.object("refunded_amount")?.string("value") == "890.00")
                #expect(after["refundable"] as? Bool == false)

                let events = try receiver.deliveries.map { try $0.json().string("event") }
                #expect(events == ["payment.succeeded", "refund.succeeded", "refund.succeeded"])
                let stats = try jsonObject(try await client.execute(uri: "/yookassa/_sim/stats", method: .get).body)
                #expect(stats.int("refunds") == 4 && stats.int("notifications_sent") == 3)
            }
        }
    }

    @Test func knobsFailCreatesDelayThemAndDeclineSavedCards() async throws {
        let (app, _) = makeSimulator()
        try await withReceiver { url, receiver in
            try await app.test(.router) { client in
                try await subscribe(client, url)
                let knobs = Requests.buffer(["fail_next_creates": 2, "fail_status": 500])
                _ = try await client.execute(uri: "/yookassa/_sim/knobs", method: .post, body: knobs)
                for _ in 0..<2 {
                    let failed = try await post(client, "/payments", PaymentRequests.payment(), key: "retry-me")
                    #expect(failed.status == .internalServerError)
                    #expect(try jsonObject(failed.body).string("code") == "internal_server_error")
                }
                // The same key works once the faults are spent: nothing was kept for it.
                let created = try await post(client, "/payments", PaymentRequests.payment(save: true), key: "retry-me")
                #expect(created.status == .ok)
                let id = try #require(try jsonObject(created.body).string("id"))

                _ = try await client.execute(
                    uri: "/yookassa/_sim/knobs", method: .post, body: Requests.buffer(["delay_ms": 200]))
                let start = ContinuousClock.now
                _ = try await post(client, "/payments", PaymentRequests.payment())
                #expect(ContinuousClock.now - start >= .milliseconds(200))
                _ = try await client.execute(
                    uri: "/yookassa/_sim/knobs", method: .post,
                    body: Requests.buffer(["delay_ms": 0, "fail_saved_method": id]))

                _ = try await client.execute(uri: "/yookassa/_sim/payments/\(id)/succeed", method: .post)
                let charge = try jsonObject(
                    try await post(
                        client, "/payments",
                        ["amount": ["value": "100.00", "currency": "RUB"], "capture": true, "payment_method_id": id]
                    ).body)
                #expect(charge.string("status") == "canceled")
                #expect(charge.object("cancellation_details")?.string("reason") == "card_expired")

                // A duplicate delivery of the same notification.
                let resent = try await client.execute(uri: "/yookassa/_sim/notify/\(id)", method: .post)
                #expect(try jsonObject(resent.body).int("acknowledged") == 1)
                let events = try receiver.deliveries.map { try $0.json().string("event") }
                #expect(events == ["payment.succeeded", "payment.canceled", "payment.succeeded"])
                #expect(receiver.deliveries[0].body == receiver.deliveries[2].body)

                let stats = try jsonObject(try await client.execute(uri: "/yookassa/_sim/stats", method: .get).body)
                #expect(stats.int("creates") == 5 && stats.int("notifications_sent") == 3)
            }
        }
    }

    @Test func twoStagePaymentsWaitForCapture() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            var body = PaymentRequests.payment()
            body["capture"] = false
            let id = try #require(try jsonObject(try await post(client, "/payments", body).body).string("id"))
            let waiting = try jsonObject(
                try await client.execute(uri: "/yookassa/_sim/payments/\(id)/succeed", method: .post).body)
            #expect(waiting.string("status") == "waiting_for_capture" && waiting.string("expires_at") != nil)
            let captured = try await post(
                client, "/payments/\(id)/capture", ["amount": ["value": "800.00", "currency": "RUB"]])
            let payment = try jsonObject(captured.body)
            #expect(payment.string("status") == "succeeded")
            #expect(payment.object("amount")?.string("value") == "800.00")
        }
    }

    @Test func webhooksCanBeListedAndDeleted() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let bad = try await post(
                client, "/webhooks", ["event": "payment.nope", "url": "https://x.example"], key: nil)
            #expect(bad.status == .badRequest)
            let made = try jsonObject(
                try await post(client, "/webhooks", ["event": "payment.succeeded", "url": "https://x.example/h"]).body)
            let id = try #require(made.string("id"))
            let list = try await get(client, "/webhooks")
            #expect(list.string("type") == "list" && list.objects("items")?.count == 1)
            let headers = PaymentRequests.yooKassa()
            let deleted = try await client.execute(uri: "\(api)/webhooks/\(id)", method: .delete, headers: headers)
            #expect(deleted.status == .ok)
            let again = try await client.execute(uri: "\(api)/webhooks/\(id)", method: .delete, headers: headers)
            #expect(again.status == .notFound)
            #expect(try await get(client, "/webhooks").objects("items")?.isEmpty == true)
        }
    }
}
