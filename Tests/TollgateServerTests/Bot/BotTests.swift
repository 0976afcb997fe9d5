import Foundation
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The Telegram bot end to end (SPEC §15), against the simulator's fake Bot API: Telegram's deliveries go to the
/// gateway's webhook, the bot's answers land in the fake, where the tests read them.
@Suite(.serialized) struct BotTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func startMakesOneStarterAccountHoweverOftenItIsDelivered(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            let delivered = try await bot.deliver(BotFixture.message("/start", language: "ru", updateID: 900), times: 3)
            #expect(delivered["statuses"] == [200, 200, 200])
            let texts = try await bot.waitForTexts(1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await bot.texts().count == 1)
            #expect(texts.first?.contains("Добро пожаловать") == true && texts.first?.contains("50") == true)
            let account = try await bot.services.accounts.find(email: "tg-4242@telegram.invalid")
            #expect(account.plan == "free" && account.availableTokens == 50)
        }
    }

    @Test(arguments: databases)
    func aChosenModelAnswersThePromptAndBillsLikeTheAPI(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            try await bot.deliver(BotFixture.message("/start"))
            _ = try await bot.waitForTexts(1)
            try await bot.deliver(BotFixture.message("/models"))
            _ = try await bot.waitForTexts(2)
            let menu = try await bot.calls().last { $0["method"] == "sendMessage" }
            let keyboard = menu?["params"]?["reply_markup"]?["inline_keyboard"]?.arrayValue ?? []
            let data = keyboard.flatMap { $0.arrayValue ?? [] }.compactMap { $0["callback_data"]?.stringValue }
            #expect(data.contains("cat:text") && data.contains("cat:image"))
            #expect(data.allSatisfy { $0.utf8.count <= 64 })
            try await bot.deliver(BotFixture.press("cat:text"))
            try await waitFor { try await bot.calls().contains { $0["method"] == "editMessageText" } }
            let models = try await bot.calls().last { $0["method"] == "editMessageText" }
            let buttons = (models?["params"]?["reply_markup"]?["inline_keyboard"]?.arrayValue ?? []).flatMap {
                $0.arrayValue ?? []
            }.compactMap { $0["callback_data"]?.stringValue }
            // Starter reaches Starter-tier models only.
            #expect(buttons.contains("model:gpt-5-nano") && !buttons.contains("model:gpt-5"))
            try await bot.deliver(BotFixture.press("model:gpt-5-nano"))
            _ = try await bot.waitForTexts(3)
            try await bot.deliver(BotFixture.message("Say hello"))
            let texts = try await bot.waitForTexts(4)
            #expect(texts.count == 4 && texts[3].isEmpty == false)
            let account = try await bot.services.accounts.find(email: "tg-4242@telegram.invalid")
            #expect(account.availableTokens == 49)
            // The same account on the API: the generation is in its history.
            let history = try await bot.services.users.history(accountID: account.id, query: try HistoryQuery([:]))
            #expect(
                history.items.first?.generation.modelSlug == "gpt-5-nano"
                    && history.items.first?.generation.keyID == nil)
        }
    }

    @Test(arguments: databases)
    func anImageIsSentAsAPhotoAndAShortBalanceSaysWhatToDo(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            try await bot.deliver(BotFixture.message("/start"))
            _ = try await bot.waitForTexts(1)
            try await bot.deliver(BotFixture.press("model:dall-e-3"))
            _ = try await bot.waitForTexts(2)
            try await bot.deliver(BotFixture.message("a red fox"))
            try await waitFor(seconds: 60) { try await bot.calls().contains { $0["method"] == "sendPhoto" } }
            let photo = try await bot.calls().last { $0["method"] == "sendPhoto" }
            // A JPEG, as Telegram shows a photo (never the WebP of the account's default `image_format`), converted
            // from DALL-E 3's PNG.
            let url = try #require(photo?["params"]?["photo"]?.stringValue)
            #expect(url.hasPrefix("http") && url.hasSuffix(".jpg"), "\(url)")
            let file = try await bot.services.files.serve(name: String(url.split(separator: "/").last ?? ""))
            #expect(file.contentType == "image/jpeg" && file.bytes.starts(with: [0xFF, 0xD8, 0xFF]))
            let account = try await bot.services.accounts.find(email: "tg-4242@telegram.invalid")
            #expect(account.availableTokens == 45)
            _ = try await bot.services.ledger.grant(
                accountID: account.id, tokens: -44, bucket: .package, reason: "test")
            try await bot.deliver(BotFixture.message("another fox"))
            let texts = try await bot.waitForTexts(3)
            #expect(texts.last?.contains("/buy") == true && texts.last?.contains("1") == true)
            #expect(try await bot.services.accounts.find(id: account.id).availableTokens == 1)
        }
    }

    @Test(arguments: databases)
    func theDashboardLinkJoinsTheChatToTheWebAccount(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            let web = try await bot.services.accounts.create(
                email: "web@example.com", planCode: "free", extraTokens: 70)
            let token = try await bot.services.webAuth.telegramLinkToken(accountID: web.id)
            try await bot.deliver(BotFixture.message("/start \(token)"))
            let texts = try await bot.waitForTexts(1)
            #expect(texts.first?.contains("web@example.com") == true)
            try await bot.deliver(BotFixture.message("/balance"))
            let balance = try await bot.waitForTexts(2)
            #expect(balance[1].contains(String(web.availableTokens)))
            // A token works once.
            try await bot.deliver(BotFixture.message("/start \(token)", user: 5151))
            #expect(try await bot.waitForTexts(1, to: 5151).first?.contains("invalid") == true)
        }
    }

    @Test(arguments: databases)
    func theAssistantCitesTheDocsOrSaysItDoesNotKnow(_ database: TestDatabase) async throws {
        try await BotFixture.with(database, configure: { $0.support.email = "help@tollgate.test" }) { bot in
            try await bot.deliver(BotFixture.message("how do I get an API key?"))
            let first = try await bot.waitForTexts(1)
            #expect(first[0].contains("Sources:") && first[0].contains("/docs/") && first[0].contains("api-key"))
            try await bot.deliver(BotFixture.message("/support why did I get 402?"))
            let second = try await bot.waitForTexts(2)
            #expect(second[1].contains("/docs/errors#") || second[1].contains("402"))
            try await bot.deliver(BotFixture.message("what is the weather on Mars tomorrow"))
            let third = try await bot.waitForTexts(3)
            #expect(third[2].contains("help@tollgate.test") && third[2].contains("/paysupport"))
            #expect(!third[2].contains("Sources:"))
        }
    }

    @Test(arguments: databases)
    func theAssistantAsksAModelBilledToTheOperator(_ database: TestDatabase) async throws {
        try await BotFixture.with(database, configure: { $0.support.accountEmail = "operator@example.com" }) { bot in
            let operatorAccount = try await bot.services.accounts.create(
                email: "operator@example.com", planCode: "elite", extraTokens: 100)
            try await bot.deliver(BotFixture.message("/start"))
            _ = try await bot.waitForTexts(1)
            try await bot.deliver(BotFixture.message("how do I get an API key?"))
            let texts = try await bot.waitForTexts(2)
            #expect(texts[1].contains("Sources:"))
            let user = try await bot.services.accounts.find(email: "tg-4242@telegram.invalid")
            #expect(user.availableTokens == 50)
            #expect(
                try await bot.services.accounts.find(id: operatorAccount.id).availableTokens
                    < operatorAccount.availableTokens)
        }
    }

    @Test(arguments: databases)
    func telegramLimitsAndBlocksAreRespected(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            try await bot.deliver(BotFixture.message("/start"))
            _ = try await bot.waitForTexts(1)
            // A 429 on the next send: the bot waits its retry_after and sends again.
            try await bot.knobs(#"{"fail_next": 1, "error_code": 429, "retry_after": 1, "method": "sendMessage"}"#)
            try await bot.deliver(BotFixture.message("/help"))
            let texts = try await bot.waitForTexts(2)
            #expect(texts.count == 2)
            #expect(try await bot.calls().contains { $0["method"] == "sendMessage" && $0["error_code"] == 429 })
            // The user blocks the bot: the chat is marked and not written to again by owed results.
            try await bot.knobs(#"{"blocked_chats": [4242]}"#)
            try await bot.deliver(BotFixture.message("/balance"))
            try await waitFor {
                try await bot.services.store.read { db in
                    try await bot.services.store.botChats.find(chatID: 4242, on: db)
                }?
                .blockedAt != nil
            }
        }
    }

    @Test(arguments: databases)
    func anUpdateLeftByADeadProcessIsAnsweredByTheNext(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            let services = bot.services
            // As if a process had taken the update, answered 200, and died before replying: its lease ran out.
            let body = BotFixture.message("/help", updateID: 31337)
            let now = services.clock.nowMilliseconds()
            _ = try await services.store.statement { db in
                try await services.store.telegramUpdates.claim(
                    updateID: 31337, body: body, now: now - 300_000, lockedUntil: now - 1, on: db)
            }
            let botService = try #require(services.bot)
            #expect(try await botService.resumeDue() == 1)
            #expect(try await bot.waitForTexts(1).count == 1)
            // Done now: neither a redelivery nor the worker answers it again.
            try await bot.deliver(body)
            #expect(try await botService.resumeDue() == 0)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await bot.texts().count == 1)
            // A day later the sweeper forgets it.
            let kept = { @Sendable () async throws -> Int in
                try await services.store.read { db in
                    try await db.raw("SELECT update_id FROM telegram_updates").all().count
                }
            }
            #expect(try await kept() == 1)
            try await services.store.statement { db in
                try await db.raw("UPDATE telegram_updates SET done_at = done_at - 90000000").run()
            }
            try await botService.prune()
            #expect(try await kept() == 0)
        }
    }

    @Test(arguments: databases)
    func buyingWithStarsFromTheBotCreditsOnce(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            try await bot.deliver(BotFixture.message("/start"))
            _ = try await bot.waitForTexts(1)
            try await bot.deliver(BotFixture.press("buy:package:light"))
            _ = try await bot.waitForTexts(2)
            let offer = try await bot.calls().last { $0["method"] == "sendMessage" }
            let link = try #require(
                offer?["params"]?["reply_markup"]?["inline_keyboard"]?.arrayValue?.first?.arrayValue?.first?["url"]?
                    .stringValue)
            let paid = try await bot.payments.simulator(
                .POST, "/telegram/_sim/pay",
                json: #"{"token": "\#(BotFixture.token)", "invoice": "\#(link)", "user_id": 4242}"#)
            #expect(paid.json["ok"] == true)
            let account = try await bot.services.accounts.find(email: "tg-4242@telegram.invalid")
            try await waitFor { try await bot.services.accounts.find(id: account.id).availableTokens == 150 }
            #expect(try await bot.services.ledger.check().isEmpty)
            // /paysupport lists it with a refund button; pressing it reaches the admin area.
            try await bot.deliver(BotFixture.message("/paysupport"))
            _ = try await bot.waitForTexts(3)
            let list = try await bot.calls().last { $0["method"] == "sendMessage" }
            let refund = try #require(
                list?["params"]?["reply_markup"]?["inline_keyboard"]?.arrayValue?.first?.arrayValue?.first?[
                    "callback_data"]?.stringValue)
            #expect(refund.hasPrefix("refund:"))
            try await bot.deliver(BotFixture.press(refund))
            #expect(try await bot.waitForTexts(4).last?.contains("reached support") == true)
            let admin = try await bot.services.accounts.create(email: "boss@example.com", planCode: "free")
            _ = try await bot.services.admin.setRole(email: "boss@example.com", role: "admin")
            let requests = try await bot.services.admin.supportRequests(
                by: try await bot.services.accounts.find(id: admin.id))
            #expect(requests.count == 1 && requests.first?.accountID == account.id)
        }
    }

    @Test(arguments: databases)
    func badDeliveriesAreRefusedOrIgnored(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            let url = bot.payments.url + "/api/v2/telegram/webhook"
            let wrong = try await TestHTTP.request(
                .POST, url, json: BotFixture.message("/start", updateID: 1),
                headers: [("X-Telegram-Bot-Api-Secret-Token", "nope")])
            #expect(wrong.status == 401)
            let malformed = try await TestHTTP.request(
                .POST, url, json: #"{"update_id": "x"}"#,
                headers: [("X-Telegram-Bot-Api-Secret-Token", PaymentFixture.webhookSecret)])
            #expect(malformed.status == 400)
            let other = try await TestHTTP.request(
                .POST, url, json: #"{"update_id": 77, "edited_message": {"message_id": 1}}"#,
                headers: [("X-Telegram-Bot-Api-Secret-Token", PaymentFixture.webhookSecret)])
            #expect(other.status == 200)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await bot.texts().isEmpty)
        }
    }

    @Test(arguments: databases)
    func anAsyncJobIsAnnouncedAndItsResultSentWhenItFinishes(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            try await bot.deliver(BotFixture.message("/start"))
            _ = try await bot.waitForTexts(1)
            try await bot.deliver(BotFixture.press("model:photon-flash"))
            _ = try await bot.waitForTexts(2)
            try await bot.deliver(BotFixture.message("a lighthouse at dusk"))
            #expect(try await bot.waitForTexts(3).last?.contains("when it is ready") == true)
            try await waitFor(seconds: 60) { try await bot.calls().contains { $0["method"] == "sendPhoto" } }
            let photo = try await bot.calls().last { $0["method"] == "sendPhoto" }
            #expect(photo?["params"]?["photo"]?.stringValue?.hasSuffix(".jpg") == true)
            let owed = try await bot.services.store.read { db in
                try await bot.services.store.botJobs.finished(limit: 10, on: db)
            }
            #expect(owed.isEmpty)
        }
    }

    @Test(arguments: databases)
    func aModelAboveThePlanCannotBeChosen(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            try await bot.deliver(BotFixture.message("/start"))
            _ = try await bot.waitForTexts(1)
            // A forged button for a Basic-tier model.
            try await bot.deliver(BotFixture.press("model:gpt-5"))
            #expect(try await bot.waitForTexts(2).last?.contains("not available") == true)
            let chat = try await bot.services.store.read { db in
                try await bot.services.store.botChats.find(chatID: 4242, on: db)
            }
            #expect(chat?.modelSlug == nil)
        }
    }

    @Test(arguments: databases)
    func setWebhookRegistersTheURLTheSecretAndBothMenus(_ database: TestDatabase) async throws {
        try await BotFixture.with(database) { bot in
            let service = try #require(bot.services.bot)
            try await service.register(url: "https://tollgate.test/api/v2/telegram/webhook", secret: "s3cret-1")
            let token = BotFixture.token
            let info = try await bot.payments.simulator(.POST, "/telegram/bot\(token)/getWebhookInfo", json: "{}")
            #expect(info.json["result"]?["url"] == "https://tollgate.test/api/v2/telegram/webhook")
            #expect(
                info.json["result"]?["allowed_updates"]
                    == ["message", "callback_query", "pre_checkout_query", "my_chat_member"])
            let english = try await bot.payments.simulator(.POST, "/telegram/bot\(token)/getMyCommands", json: "{}")
            #expect(english.json["result"]?.arrayValue?.contains { $0["command"] == "models" } == true)
            let russian = try await bot.payments.simulator(
                .POST, "/telegram/bot\(token)/getMyCommands", json: #"{"language_code": "ru"}"#)
            #expect(russian.json["result"]?.arrayValue?.first?["description"] == "Выбрать модель")
        }
    }

    @Test(arguments: databases)
    func aPhotoWithACaptionGoesToAnImageTool(_ database: TestDatabase) async throws {
        // The tool reads the photo from this instance's file URL, which is on loopback in a test.
        try await BotFixture.with(database, configure: { $0.allowPrivateInputs = true }) { bot in
            try await bot.deliver(BotFixture.message("/start"))
            _ = try await bot.waitForTexts(1)
            try await bot.deliver(BotFixture.press("model:upscale"))
            #expect(try await bot.waitForTexts(2).last?.contains("Send a photo") == true)
            try await bot.deliver(BotFixture.message("make it bigger"))
            #expect(try await bot.waitForTexts(3).last?.contains("Send a photo") == true)
            try await bot.deliver(
                """
                {"message": {"message_id": 5, "date": 1765000000, "chat": {"id": 4242, "type": "private"},
                 "from": {"id": 4242, "is_bot": false, "first_name": "Tess"}, "caption": "sharper please",
                 "photo": [{"file_id": "small-1", "width": 90, "height": 90}, {"file_id": "big-1", "width": 1280, "height": 960}]}}
                """)
            try await waitFor(seconds: 60) {
                try await bot.calls().contains { $0["method"] == "sendPhoto" }
            }
            #expect(try await bot.calls().contains { $0["method"] == "getFile" && $0["params"]?["file_id"] == "big-1" })
            let account = try await bot.services.accounts.find(email: "tg-4242@telegram.invalid")
            let history = try await bot.services.users.history(accountID: account.id, query: try HistoryQuery([:]))
            let request = history.items.first?.generation.request ?? ""
            #expect(history.items.first?.generation.modelSlug == "upscale" && request.contains("/files/"))
        }
    }

    @Test func longAnswersAreSplitUnderTelegramsLimit() {
        let text = String(repeating: "word ", count: 2000)
        let parts = TelegramBot.split(text)
        #expect(parts.count == 3 && parts.allSatisfy { $0.count <= 4096 })
        #expect(parts.joined(separator: " ").split(separator: " ").count == 2000)
        #expect(TelegramBot.split("short") == ["short"])
    }

    /// Polls `condition` until it holds (the bot answers after the webhook's 200).
    func waitFor(seconds: Int = 15, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<(seconds * 20) {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met in \(seconds) s")
    }
}
