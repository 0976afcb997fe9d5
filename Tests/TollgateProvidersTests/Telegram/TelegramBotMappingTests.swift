import Testing
import TollgateCore

@testable import TollgateProviders

/// The Bot API's payment calls as built, and its recorded updates, answers and refusals as read.
@Suite("Telegram Bot API mapping")
struct TelegramBotMappingTests {
    static let token = "7000000001:AAH-example_token-0123456789abcdefghi"

    static func answer(_ fixture: String, status: Int = 200, headers: [(String, String)] = []) throws
        -> UpstreamResponse
    {
        UpstreamResponse(status: status, headers: headers, body: try Fixture.bytes("Telegram/" + fixture))
    }

    static let invoice = TelegramInvoice(
        title: "1M tokens", description: "Tollgate: 1 000 000 tokens", payload: "ord_123", stars: 250)

    @Test("createInvoiceLink is POST /bot<token>/createInvoiceLink with an XTR invoice of one price")
    func createInvoiceLink() throws {
        let request = try TelegramBotMapping.createInvoiceLink(Self.invoice, token: Self.token)
        #expect(request.method == "POST")
        #expect(request.path == "/bot\(Self.token)/createInvoiceLink")
        let expected = try JSON.parse(
            """
            {"title": "1M tokens", "description": "Tollgate: 1 000 000 tokens", "payload": "ord_123",
             "provider_token": "", "currency": "XTR", "prices": [{"label": "1M tokens", "amount": 250}]}
            """)
        #expect(try request.json() == expected)
    }

    @Test("a Star subscription link carries the 30-day period; any other period or a price over 10000 is refused")
    func subscription() throws {
        var monthly = Self.invoice
        monthly.subscriptionPeriod = TelegramInvoice.subscriptionPeriod30Days
        let body = try TelegramBotMapping.createInvoiceLink(monthly, token: Self.token).json()
        #expect(body["subscription_period"] == .int(2_592_000))
        var weekly = monthly
        weekly.subscriptionPeriod = 604_800
        #expect(failure { try TelegramBotMapping.createInvoiceLink(weekly, token: Self.token) }?.kind == .rejected)
        var dear = monthly
        dear.prices = [TelegramLabeledPrice(label: "Pro", amount: 10_001)]
        #expect(failure { try TelegramBotMapping.createInvoiceLink(dear, token: Self.token) }?.kind == .rejected)
        #expect(
            failure { try TelegramBotMapping.sendInvoice(chatID: 1, monthly, token: Self.token) }?.kind == .rejected)
    }

    @Test("sendInvoice puts chat_id beside the invoice's fields")
    func sendInvoice() throws {
        let request = try TelegramBotMapping.sendInvoice(chatID: 123_456_789, Self.invoice, token: Self.token)
        #expect(request.path == "/bot\(Self.token)/sendInvoice")
        let expected = try JSON.parse(
            """
            {"chat_id": 123456789, "title": "1M tokens", "description": "Tollgate: 1 000 000 tokens",
             "payload": "ord_123", "provider_token": "", "currency": "XTR", "prices": [{"label": "1M tokens", "amount": 250}]}
            """)
        #expect(try request.json() == expected)
    }

    @Test("an invoice outside the Bot API's limits is refused before it is sent")
    func invoiceLimits() {
        var invoices: [TelegramInvoice] = []
        for (title, description, payload) in [
            ("", "d", "p"), (String(repeating: "t", count: 33), "d", "p"), ("t", "", "p"),
            ("t", String(repeating: "d", count: 256), "p"), ("t", "d", ""),
            ("t", "d", String(repeating: "я", count: 65)),
        ] {
            invoices.append(TelegramInvoice(title: title, description: description, payload: payload, stars: 1))
        }
        var free = Self.invoice
        free.prices = [TelegramLabeledPrice(label: "x", amount: 0)]
        var twoLines = Self.invoice
        twoLines.prices.append(TelegramLabeledPrice(label: "tip", amount: 1))
        var roubles = Self.invoice
        roubles.currency = "RUB"
        for invoice in invoices + [free, twoLines, roubles] {
            #expect(failure { try TelegramBotMapping.createInvoiceLink(invoice, token: Self.token) }?.kind == .rejected)
        }
        // Limits count bytes for the payload and UTF-16 units for text: 64 two-byte letters fit 128 bytes.
        let edge = TelegramInvoice(
            title: String(repeating: "т", count: 32), description: "d", payload: String(repeating: "я", count: 64),
            stars: 1)
        #expect(failure { try TelegramBotMapping.createInvoiceLink(edge, token: Self.token) } == nil)
    }

    @Test("answerPreCheckoutQuery accepts, or refuses only with a message")
    func answerPreCheckoutQuery() throws {
        let accept = try TelegramBotMapping.answerPreCheckoutQuery(
            id: "530277718432561732", ok: true, errorMessage: nil, token: Self.token)
        #expect(accept.path == "/bot\(Self.token)/answerPreCheckoutQuery")
        #expect(try accept.json() == JSON.parse(#"{"pre_checkout_query_id": "530277718432561732", "ok": true}"#))
        let refuse = try TelegramBotMapping.answerPreCheckoutQuery(
            id: "530277718432561732", ok: false, errorMessage: "The order has expired.", token: Self.token)
        #expect(
            try refuse.json()
                == JSON.parse(
                    #"{"pre_checkout_query_id": "530277718432561732", "ok": false, "error_message": "The order has expired."}"#
                ))
        #expect(
            failure {
                try TelegramBotMapping.answerPreCheckoutQuery(id: "1", ok: false, errorMessage: nil, token: Self.token)
            }?.kind == .rejected)
    }

    @Test("refundStarPayment names the user and the charge")
    func refundStarPayment() throws {
        let request = try TelegramBotMapping.refundStarPayment(
            userID: 123_456_789, chargeID: "stxk1CLTjJqGHXSJFs0KZc4R7dQ8XkKqeqm3tTuV7nQfNpoAd", token: Self.token)
        #expect(request.path == "/bot\(Self.token)/refundStarPayment")
        #expect(
            try request.json()
                == JSON.parse(
                    #"{"user_id": 123456789, "telegram_payment_charge_id": "stxk1CLTjJqGHXSJFs0KZc4R7dQ8XkKqeqm3tTuV7nQfNpoAd"}"#
                ))
    }

    @Test("any method goes through the generic builder; a token or method that could change the path is refused")
    func genericAndTokenSafety() throws {
        struct SendMessage: Encodable {
            var chat_id: Int64
            var text: String
        }
        let request = try TelegramBotMapping.request(
            "sendMessage", SendMessage(chat_id: 42, text: "Done."), token: Self.token)
        #expect(request == UpstreamRequest(path: "/bot\(Self.token)/sendMessage", body: request.body))
        #expect(try request.json() == JSON.parse(#"{"chat_id": 42, "text": "Done."}"#))
        for token in ["", "abc", "123:", ":abc", "123:abc/../x", "123:abc?x=1", "123:a b"] {
            let refused = failure { try TelegramBotMapping.request("getMe", [String: String](), token: token) }
            #expect(refused?.kind == .unauthorized)
            #expect(token.isEmpty || refused?.message.contains(token) == false, "the token is never repeated")
        }
        for method in ["", "send/Message", "../getMe", "getMe?x=1"] {
            #expect(
                failure { try TelegramBotMapping.request(method, [String: String](), token: Self.token) }?.kind
                    == .rejected)
        }
    }

    @Test("results are read from the envelope: a link, a message, true")
    func results() throws {
        #expect(
            try TelegramBotMapping.result(Self.answer("create-invoice-link.json"), as: String.self)
                == "https://t.me/$Wa8TGvQrGEoCEAAAdmJa3Z1nHz8")
        #expect(try TelegramBotMapping.result(Self.answer("answer-true.json"), as: Bool.self))
        let message = try TelegramBotMapping.result(Self.answer("send-invoice.json"), as: TelegramMessage.self)
        #expect(message.messageID == 1191 && message.chat == TelegramChat(id: 123_456_789, type: "private"))
        let noResult = UpstreamResponse(status: 200, body: Array(#"{"ok":true}"#.utf8))
        #expect(failure { try TelegramBotMapping.result(noResult, as: Bool.self) }?.kind == .malformed)
        let html = UpstreamResponse(status: 200, body: Array("<html>".utf8))
        #expect(failure { try TelegramBotMapping.result(html, as: Bool.self) }?.kind == .malformed)
    }

    @Test("429 is rate limited with parameters.retry_after, even when the HTTP status says otherwise")
    func rateLimited() throws {
        let refused = failure {
            try TelegramBotMapping.result(Self.answer("error-429.json", status: 429), as: Bool.self)
        }
        #expect(
            refused == ProviderFailure(.rateLimited, "Telegram is rate limiting the bot.", status: 429, retryAfter: 35))
        let inside200 = failure {
            try TelegramBotMapping.result(Self.answer("error-429.json", status: 200), as: Bool.self)
        }
        #expect(inside200?.kind == .rateLimited && inside200?.retryAfter == 35)
        let header = UpstreamResponse(
            status: 429, headers: [("Retry-After", "7")], body: Array("Too Many Requests".utf8))
        #expect(failure { try TelegramBotMapping.result(header, as: Bool.self) }?.retryAfter == 7)
    }

    @Test("a user who blocked the bot is .rejected with status 403, told apart from other refusals")
    func blocked() throws {
        let blocked = failure {
            try TelegramBotMapping.result(Self.answer("error-403.json", status: 403), as: Bool.self)
        }
        #expect(blocked?.kind == .rejected)
        #expect(blocked?.status == 403)
        #expect(blocked?.message == "Telegram refused to reach the chat (Forbidden: bot was blocked by the user).")
        let notFound = failure {
            try TelegramBotMapping.result(Self.answer("error-400.json", status: 400), as: Bool.self)
        }
        #expect(notFound?.kind == .rejected && notFound?.status == 400)
        #expect(notFound?.message == "Telegram rejected the request (Bad Request: chat not found).")
        let migrated = failure {
            try TelegramBotMapping.result(Self.answer("error-400-migrated.json", status: 400), as: Bool.self)
        }
        #expect(migrated?.status == 400)
    }

    @Test(
        "401 and 404 are the token refused, 5xx an upstream error",
        arguments: [
            ("error-401.json", 401, ProviderFailure.Kind.unauthorized), ("error-404.json", 404, .unauthorized),
        ])
    func tokenRefused(fixture: String, status: Int, kind: ProviderFailure.Kind) throws {
        let refused = failure { try TelegramBotMapping.result(Self.answer(fixture, status: status), as: Bool.self) }
        #expect(refused?.kind == kind && refused?.status == status)
        #expect(refused?.message.contains(Self.token) == false)
        for status in [500, 502] {
            let gateway = UpstreamResponse(status: status, body: Array("<html>Bad Gateway</html>".utf8))
            #expect(failure { try TelegramBotMapping.result(gateway, as: Bool.self) }?.kind == .upstreamError)
        }
    }

    @Test("a successful_payment update: the Stars charge, its payload, and the subscription fields")
    func successfulPayment() throws {
        let update = try TelegramBotMapping.parseUpdate(Fixture.bytes("Telegram/update-successful-payment.json"))
        #expect(update.updateID == 815_002_341)
        let message = try #require(update.message)
        #expect(message.chat == TelegramChat(id: 123_456_789, type: "private"))
        #expect(message.from?.id == 123_456_789 && message.from?.languageCode == "ru" && message.from?.isBot == false)
        #expect(
            message.successfulPayment
                == TelegramSuccessfulPayment(
                    currency: "XTR", totalAmount: 250, invoicePayload: "ord_123",
                    telegramPaymentChargeID: "stxk1CLTjJqGHXSJFs0KZc4R7dQ8XkKqeqm3tTuV7nQfNpoAd",
                    providerPaymentChargeID: "123456789_1187", subscriptionExpirationDate: 1_769_853_600,
                    isRecurring: true, isFirstRecurring: true))
        #expect(update.preCheckoutQuery == nil && update.callbackQuery == nil && update.myChatMember == nil)
    }

    @Test("a pre_checkout_query update: the query id, the payer, the amount and the payload")
    func preCheckoutQuery() throws {
        let update = try TelegramBotMapping.parseUpdate(Fixture.bytes("Telegram/update-pre-checkout-query.json"))
        let query = try #require(update.preCheckoutQuery)
        #expect(query.id == "530277718432561732")
        #expect(query.from.id == 123_456_789 && query.from.username == "ivan_p")
        #expect(query.currency == "XTR" && query.totalAmount == 250 && query.invoicePayload == "ord_123")
        #expect(update.message == nil)
    }

    @Test("my_chat_member says the user blocked the bot; a callback query carries its data and message")
    func otherUpdates() throws {
        let kicked = try TelegramBotMapping.parseUpdate(Fixture.bytes("Telegram/update-my-chat-member-kicked.json"))
        #expect(kicked.myChatMember?.newChatMember.status == "kicked")
        #expect(kicked.myChatMember?.oldChatMember.status == "member")
        #expect(kicked.myChatMember?.chat.id == 123_456_789)
        let callback = try TelegramBotMapping.parseUpdate(Fixture.bytes("Telegram/update-callback-query.json"))
        #expect(callback.callbackQuery?.data == "buy:pkg3")
        #expect(callback.callbackQuery?.message?.text == "Choose a package")
        #expect(failure { try TelegramBotMapping.parseUpdate(Array(#"{"message":{}}"#.utf8)) }?.kind == .malformed)
        #expect(try TelegramBotMapping.parseUpdate(Array(#"{"update_id":5,"edited_message":{}}"#.utf8)).updateID == 5)
    }

    @Test("the client's endpoint sends no auth header and needs no key")
    func endpoint() {
        let endpoint = TelegramBotClient.endpoint()
        #expect(endpoint.baseURL == "https://api.telegram.org")
        #expect(endpoint.auth == ProviderEndpoint.Auth.none)
        #expect(endpoint.apiKey == nil)
    }
}
