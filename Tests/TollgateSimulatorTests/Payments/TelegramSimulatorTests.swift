import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("Telegram simulator")
struct TelegramSimulatorTests {
    let token = "123456:sim-TOKEN_x"

    /// Calls `method` of the bot with a JSON body.
    func call(_ client: some TestClientProtocol, _ method: String, _ params: JSONObject = [:]) async throws
        -> TestResponse
    {
        try await client.execute(
            uri: "/telegram/bot\(token)/\(method)", method: .post, headers: [.contentType: "application/json"],
            body: Requests.buffer(params))
    }

    /// A Stars invoice's parameters.
    func invoice(amount: Int = 250, period: Int? = nil) -> JSONObject {
        var params: JSONObject = [
            "title": "1M tokens", "description": "A pack of one million tokens", "payload": "ord_7",
            "currency": "XTR", "prices": [["label": "Pack", "amount": amount]],
        ]
        if let period { params["subscription_period"] = period }
        return params
    }

    @Test func answersInTheBotAPIEnvelope() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let me = try jsonObject(try await call(client, "getMe").body)
            #expect(me["ok"] as? Bool == true)
            #expect(me.object("result")?.int("id") == 123456 && me.object("result")?["is_bot"] as? Bool == true)

            let refused = try await client.execute(uri: "/telegram/botnot-a-token/getMe", method: .get)
            #expect(refused.status == .unauthorized)
            let unauthorized = try jsonObject(refused.body)
            #expect(unauthorized["ok"] as? Bool == false)
            #expect(unauthorized.int("error_code") == 401 && unauthorized.string("description") == "Unauthorized")

            let unknown = try await call(client, "launchRockets")
            #expect(unknown.status == .notFound)
            #expect(try jsonObject(unknown.body).int("error_code") == 404)

            let empty = try jsonObject(try await call(client, "sendMessage", ["chat_id": 42]).body)
            #expect(empty.int("error_code") == 400 && empty.string("description")?.hasPrefix("Bad Request:") == true)

            let sent = try jsonObject(
                try await call(
                    client, "sendMessage",
                    [
                        "chat_id": 42, "text": "hi",
                        "reply_markup": ["inline_keyboard": [[["text": "A", "callback_data": "a"]]]],
                    ]
                ).body)
            let message = try #require(sent.object("result"))
            #expect(message.string("text") == "hi" && message.object("chat")?.int("id") == 42)
            #expect(message.int("message_id") == 1 && message.object("reply_markup") != nil)

            // Form-encoded parameters work too.
            let form = try await client.execute(
                uri: "/telegram/bot\(token)/sendMessage", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "chat_id=42&text=a+b"))
            #expect(try jsonObject(form.body).object("result")?.string("text") == "a b")
        }
    }

    @Test func invoicesFollowTheStarsRules() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            var rub = invoice()
            rub["currency"] = "RUB"
            var twoPrices = invoice()
            twoPrices["prices"] = [["label": "A", "amount": 1], ["label": "B", "amount": 2]]
            for params in [rub, twoPrices, invoice(period: 86400), invoice(amount: 10001, period: 2_592_000)] {
                let refused = try await call(client, "createInvoiceLink", params)
                #expect(refused.status == .badRequest)
                #expect(try jsonObject(refused.body)["ok"] as? Bool == false)
            }
            let link = try jsonObject(try await call(client, "createInvoiceLink", invoice()).body)
            #expect(link.string("result") == "https://t.me/$sim_invoice_1")
            let subscription = try jsonObject(
                try await call(client, "createInvoiceLink", invoice(period: 2_592_000)).body)
            #expect(subscription.string("result") == "https://t.me/$sim_invoice_2")

            var chatInvoice = invoice()
            chatInvoice["chat_id"] = 42
            let sent = try jsonObject(try await call(client, "sendInvoice", chatInvoice).body)
            #expect(sent.object("result")?.object("invoice")?.int("total_amount") == 250)
        }
    }

    @Test func callsAreRecordedInOrder() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            _ = try await call(
                client, "setMyCommands", ["commands": [["command": "paysupport", "description": "Help"]]])
            _ = try await call(client, "sendPhoto", ["chat_id": 42, "photo": "https://example.com/a.png"])
            _ = try await call(client, "answerCallbackQuery", ["callback_query_id": "q1"])
            let calls = try jsonObject(
                try await client.execute(uri: "/telegram/_sim/calls?token=\(token)", method: .get).body)
            let recorded = try #require(calls.objects("calls"))
            #expect(recorded.map { $0.string("method") } == ["setMyCommands", "sendPhoto", "answerCallbackQuery"])
            #expect(recorded[1].object("params")?.string("photo") == "https://example.com/a.png")
            #expect(recorded.allSatisfy { $0["ok"] as? Bool == true })
        }
    }

    @Test func failNextAnswers429WithRetryAfter() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let knobs = Requests.buffer(["fail_next": 2, "error_code": 429, "retry_after": 2])
            _ = try await client.execute(uri: "/telegram/_sim/knobs", method: .post, body: knobs)
            for _ in 0..<2 {
                let limited = try await call(client, "sendMessage", ["chat_id": 42, "text": "hi"])
                #expect(limited.status == .tooManyRequests)
                let error = try jsonObject(limited.body)
                #expect(error.int("error_code") == 429)
                #expect(error.string("description") == "Too Many Requests: retry after 2")
                #expect(error.object("parameters")?.int("retry_after") == 2)
            }
            #expect(try await call(client, "sendMessage", ["chat_id": 42, "text": "hi"]).status == .ok)
        }
    }

    @Test func blockedChatsAnswer403() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            _ = try await client.execute(
                uri: "/telegram/_sim/knobs", method: .post, body: Requests.buffer(["blocked_chats": [7]]))
            let blocked = try await call(client, "sendMessage", ["chat_id": 7, "text": "hi"])
            #expect(blocked.status == .forbidden)
            #expect(try jsonObject(blocked.body).string("description") == "Forbidden: bot was blocked by the user")
            #expect(try await call(client, "sendDocument", ["chat_id": 7, "document": "x"]).status == .forbidden)
            #expect(try await call(client, "sendMessage", ["chat_id": 8, "text": "hi"]).status == .ok)
        }
    }

    @Test func payingAnInvoiceRunsThePreCheckoutThenThePayment() async throws {
        try await withLiveSimulator { port, _ in
            // The bot: answers every pre-checkout query with a call back to the Bot API.
            let bot = token
            try await withReceiver(respond: { delivery in
                if let query = try? delivery.json().object("pre_checkout_query"), let id = query.string("id") {
                    _ = try await liveRequest(
                        port, .post, "/telegram/bot\(bot)/answerPreCheckoutQuery",
                        json: ["pre_checkout_query_id": id, "ok": true])
                }
                return Response(status: .ok)
            }) { url, receiver in
                let set = try await liveRequest(
                    port, .post, "/telegram/bot\(token)/setWebhook",
                    json: [
                        "url": url + "/tg", "secret_token": "s3cr3t",
                        "allowed_updates": ["message", "pre_checkout_query"],
                    ])
                #expect(try jsonObject(set.body).string("description") == "Webhook was set")
                let link = try #require(
                    try jsonObject(
                        try await liveRequest(port, .post, "/telegram/bot\(token)/createInvoiceLink", json: invoice())
                            .body
                    )
                    .string("result"))

                let paid = try jsonObject(
                    try await liveRequest(
                        port, .post, "/telegram/_sim/pay", json: ["token": token, "invoice": link, "user_id": 42]
                    ).body)
                #expect(paid["answered"] as? Bool == true && paid["ok"] as? Bool == true)
                #expect(paid.isNull("error_message"))
                let chargeID = try #require(paid.string("charge_id"))
                #expect(chargeID.hasPrefix("stxsim"))

                let updates = try receiver.deliveries.map { try $0.json() }
                #expect(updates.count == 2)
                #expect(
                    receiver.deliveries.allSatisfy {
                        $0.headers[.init("X-Telegram-Bot-Api-Secret-Token")!] == "s3cr3t"
                    })
                let query = try #require(updates.first?.object("pre_checkout_query"))
                #expect(query.string("currency") == "XTR" && query.int("total_amount") == 250)
                #expect(query.string("invoice_payload") == "ord_7" && query.object("from")?.int("id") == 42)
                #expect(query.object("from")?["is_bot"] as? Bool == false)
                let payment = try #require(updates.last?.object("message")?.object("successful_payment"))
                #expect(payment.string("telegram_payment_charge_id") == chargeID)
                #expect(payment.int("total_amount") == 250 && payment.string("invoice_payload") == "ord_7")
                #expect(payment.string("provider_payment_charge_id") != nil)
                #expect(try #require(updates[0].int("update_id")) < (try #require(updates[1].int("update_id"))))

                let refund = ["user_id": 42, "telegram_payment_charge_id": chargeID] as JSONObject
                let refunded = try await liveRequest(
                    port, .post, "/telegram/bot\(token)/refundStarPayment", json: refund)
                #expect(try jsonObject(refunded.body)["result"] as? Bool == true)
                let twice = try await liveRequest(port, .post, "/telegram/bot\(token)/refundStarPayment", json: refund)
                #expect(twice.status == .badRequest)
                #expect(try jsonObject(twice.body).string("description") == "Bad Request: CHARGE_ALREADY_REFUNDED")
                #expect(try await eventually { receiver.deliveries.count == 3 })
                let notice = try #require(receiver.deliveries.last).json()
                #expect(
                    notice.object("message")?.object("refunded_payment")?.string("telegram_payment_charge_id")
                        == chargeID)
            }
        }
    }

    @Test func aDeclinedPreCheckoutReportsItsMessage() async throws {
        try await withLiveSimulator { port, _ in
            // This bot answers in its webhook reply, which the Bot API also accepts.
            try await withReceiver(respond: { delivery in
                guard let id = try? delivery.json().object("pre_checkout_query")?.string("id") else {
                    return Response(status: .ok)
                }
                let reply =
                    #"{"method":"answerPreCheckoutQuery","pre_checkout_query_id":"\#(id)","ok":false,"#
                    + #""error_message":"Sold out"}"#
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: reply)))
            }) { url, receiver in
                _ = try await liveRequest(port, .post, "/telegram/bot\(token)/setWebhook", json: ["url": url])
                _ = try await liveRequest(port, .post, "/telegram/bot\(token)/createInvoiceLink", json: invoice())
                let paid = try jsonObject(
                    try await liveRequest(
                        port, .post, "/telegram/_sim/pay", json: ["token": token, "invoice": "ord_7"]
                    ).body)
                #expect(paid["answered"] as? Bool == true && paid["ok"] as? Bool == false)
                #expect(paid.string("error_message") == "Sold out" && paid.isNull("charge_id"))
                #expect(receiver.deliveries.count == 1)
                let calls = try jsonObject(
                    try await liveRequest(port, .get, "/telegram/_sim/calls?token=\(token)").body)
                #expect(calls.objects("calls")?.last?.string("via") == "webhook_reply")
            }
        }
    }

    @Test func anUnansweredPreCheckoutExpires() async throws {
        try await withLiveSimulator { port, _ in
            try await withReceiver { url, receiver in
                _ = try await liveRequest(port, .post, "/telegram/bot\(token)/setWebhook", json: ["url": url])
                _ = try await liveRequest(port, .post, "/telegram/bot\(token)/createInvoiceLink", json: invoice())
                let paid = try jsonObject(
                    try await liveRequest(
                        port, .post, "/telegram/_sim/pay",
                        json: ["token": token, "invoice": "$sim_invoice_1", "answer_timeout_ms": 300]
                    ).body)
                #expect(paid["answered"] as? Bool == false && paid["ok"] as? Bool == false)
                let queryID = try #require(paid.string("pre_checkout_query_id"))
                let late = try await liveRequest(
                    port, .post, "/telegram/bot\(token)/answerPreCheckoutQuery",
                    json: ["pre_checkout_query_id": queryID, "ok": true])
                #expect(late.status == .badRequest)
                #expect(receiver.deliveries.count == 1)
            }
        }
    }

    @Test func subscriptionsPayFirstThenRenew() async throws {
        try await withLiveSimulator { port, _ in
            try await withReceiver(respond: { delivery in
                guard let id = try? delivery.json().object("pre_checkout_query")?.string("id") else {
                    return Response(status: .ok)
                }
                let reply = #"{"method":"answerPreCheckoutQuery","pre_checkout_query_id":"\#(id)","ok":true}"#
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: reply)))
            }) { url, receiver in
                _ = try await liveRequest(port, .post, "/telegram/bot\(token)/setWebhook", json: ["url": url])
                let link = try #require(
                    try jsonObject(
                        try await liveRequest(
                            port, .post, "/telegram/bot\(token)/createInvoiceLink", json: invoice(period: 2_592_000)
                        ).body
                    ).string("result"))
                _ = try await liveRequest(port, .post, "/telegram/_sim/pay", json: ["token": token, "invoice": link])
                let renewal = try jsonObject(
                    try await liveRequest(
                        port, .post, "/telegram/_sim/pay", json: ["token": token, "invoice": link, "recurring": true]
                    ).body)
                #expect(renewal["ok"] as? Bool == true && renewal.isNull("pre_checkout_query_id"))
                let payments = try receiver.deliveries.compactMap {
                    try $0.json().object("message")?.object("successful_payment")
                }
                #expect(payments.count == 2 && receiver.deliveries.count == 3)
                #expect(
                    payments[0]["is_first_recurring"] as? Bool == true && payments[0]["is_recurring"] as? Bool == true)
                #expect(payments[1]["is_first_recurring"] == nil && payments[1]["is_recurring"] as? Bool == true)
                #expect((payments[0].int("subscription_expiration_date") ?? 0) > Int(Date().timeIntervalSince1970))
            }
        }
    }

    @Test func updatesCanBeDeliveredSeveralTimes() async throws {
        try await withLiveSimulator { port, _ in
            try await withReceiver { url, receiver in
                _ = try await liveRequest(
                    port, .post, "/telegram/bot\(token)/setWebhook", json: ["url": url, "allowed_updates": ["message"]])
                let update: JSONObject = [
                    "message": ["message_id": 5, "chat": ["id": 42, "type": "private"], "text": "/start"]
                ]
                let answer = try jsonObject(
                    try await liveRequest(
                        port, .post, "/telegram/_sim/updates", json: ["token": token, "update": update, "times": 3]
                    ).body)
                #expect(answer["statuses"] as? [Int] == [200, 200, 200])
                let ids = try receiver.deliveries.compactMap { try $0.json().int("update_id") }
                #expect(ids.count == 3 && Set(ids).count == 1 && answer.int("update_id") == ids.first)

                let next = try jsonObject(
                    try await liveRequest(
                        port, .post, "/telegram/_sim/updates", json: ["token": token, "update": update]
                    ).body)
                #expect((next.int("update_id") ?? 0) > (ids.first ?? 0))

                // A kind left out of allowed_updates is not delivered.
                let filtered = try jsonObject(
                    try await liveRequest(
                        port, .post, "/telegram/_sim/updates",
                        json: ["token": token, "update": ["callback_query": ["id": "c1", "data": "buy:1"]]]
                    ).body)
                #expect((filtered["statuses"] as? [Any])?.first is NSNull)
                #expect(receiver.deliveries.count == 4)
            }
        }
    }
}
