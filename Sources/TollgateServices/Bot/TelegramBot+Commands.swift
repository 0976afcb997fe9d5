import Foundation
import TollgateCore
import TollgateProviders
import TollgateStore

extension TelegramBot {
    /// A `/command` (a `@botname` suffix ignored) and its argument.
    func command(_ text: String, message: TelegramMessage, user: TelegramUser) async throws {
        let parts = text.split(separator: " ", maxSplits: 1)
        let name = parts[0].dropFirst().prefix { $0 != "@" }.lowercased()
        let argument = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
        if name == "start" {
            try await startCommand(argument, chatID: message.chat.id, user: user)
            return
        }
        let chat = try await chat(message.chat.id, user: user)
        let language = chat.language
        switch name {
        case "help": try await say(chat, BotTexts.text(.help, language))
        case "models": try await say(chat, BotTexts.text(.chooseCategory, language), keyboard: categoryKeyboard(chat))
        case "balance": try await say(chat, try await balanceText(chat))
        case "buy": try await buy(chat)
        case "settings":
            try await say(
                chat, BotTexts.text(.settings, language),
                keyboard: [[Self.button("English", data: "lang:en"), Self.button("Русский", data: "lang:ru")]])
        case "paysupport": try await paySupport(chat)
        case "terms": try await say(chat, BotTexts.text(.terms, language))
        case "support" where !argument.isEmpty: try await support(argument, chat: chat)
        default: try await say(chat, BotTexts.text(.help, language))
        }
    }

    /// `/start`: the user's account (a new Starter one the first time); `/start <token>` from the dashboard's
    /// "connect Telegram" links this chat to that account.
    func startCommand(_ token: String, chatID: Int64, user: TelegramUser) async throws {
        if !token.isEmpty {
            guard let accountID = try await webAuth.consumeTelegramLink(token) else {
                let language = user.languageCode?.hasPrefix("ru") == true ? "ru" : "en"
                try await sender.send(
                    "sendMessage", chat: chatID,
                    ["chat_id": .int(chatID), "text": .string(BotTexts.text(.linkFailed, language))])
                return
            }
            do {
                let (chat, account, _) = try await start(chatID, user: user, linkTo: accountID)
                try await say(
                    chat, BotTexts.format(.linked, chat.language, UserProfile.email(account) ?? "#\(account.id)"))
            } catch let error as APIError where error.code == "conflict" {
                try await sender.send(
                    "sendMessage", chat: chatID, ["chat_id": .int(chatID), "text": .string(error.message)])
            }
            return
        }
        let (chat, account, _) = try await start(chatID, user: user, linkTo: nil)
        try await say(chat, BotTexts.format(.welcome, chat.language, String(account.availableTokens)))
    }

    // MARK: Models

    /// What the chat's account may use: the plan's tier, models that can run here, and what a chat can give them —
    /// a prompt, and for an image tool a photo (its `image_url`).
    func reachable(_ account: AccountRecord) -> [ModelEntry] {
        let plan = plans.plan(account.plan)
        return catalog.models.filter { model in
            plan?.reaches(model.tier) == true && generations.isAvailable(model)
                && model.category != .stt
                && model.params.allSatisfy { !$0.required || ["text", "prompt", "image_url"].contains($0.name) }
        }
    }

    /// Whether a model needs a photo (an image tool's source image) rather than a prompt alone.
    static func needsPhoto(_ model: ModelEntry) -> Bool {
        model.param("image_url")?.required == true
    }

    func categoryKeyboard(_ chat: BotChatRecord) async throws -> [[[String: JSONValue]]] {
        let account = try await accounts.find(id: chat.accountID)
        let categories = ModelCategory.allCases.filter { category in
            reachable(account).contains { $0.category == category }
        }
        return stride(from: 0, to: categories.count, by: 2).map { start in
            categories[start..<min(start + 2, categories.count)].map {
                Self.button($0.rawValue, data: "cat:\($0.rawValue)")
            }
        }
    }

    func callback(_ data: String, chat: BotChatRecord, messageID: Int64) async throws {
        let (kind, value) = (data.prefix { $0 != ":" }, String(data.drop { $0 != ":" }.dropFirst()))
        let language = chat.language
        switch kind {
        case "cat":
            let account = try await accounts.find(id: chat.accountID)
            var rows = reachable(account).filter { $0.category.rawValue == value }.map {
                [Self.button("\($0.name) · \($0.defaultPrice)", data: "model:\($0.slug)")]
            }
            rows.append([Self.button(BotTexts.text(.back, language), data: "cats")])
            try await edit(chat, messageID: messageID, BotTexts.text(.chooseModel, language), keyboard: rows)
        case "cats":
            try await edit(
                chat, messageID: messageID, BotTexts.text(.chooseCategory, language),
                keyboard: try await categoryKeyboard(chat))
        case "model":
            let account = try await accounts.find(id: chat.accountID)
            guard let model = reachable(account).first(where: { $0.slug == value }) else {
                try await say(chat, BotTexts.text(.unavailable, language))
                return
            }
            let now = clock.nowMilliseconds()
            try await store.statement { db in
                try await store.botChats.setModel(chatID: chat.chatID, slug: model.slug, now: now, on: db)
            }
            try await say(
                chat,
                BotTexts.format(.modelChosen, language, model.name, String(model.defaultPrice))
                    + (Self.needsPhoto(model) ? "\n" + BotTexts.text(.sendPhoto, language) : ""))
        case "lang" where value == "en" || value == "ru":
            let now = clock.nowMilliseconds()
            try await store.statement { db in
                try await store.botChats.setLanguage(chatID: chat.chatID, language: value, now: now, on: db)
            }
            _ = try await users.updateSettings(accountID: chat.accountID, body: ["language": .string(value)])
            try await say(chat, BotTexts.text(.languageSet, value))
        case "buy":
            let payment = try await billing.checkout(accountID: chat.accountID, productID: value, provider: "stars")
            if let link = payment.confirmationURL {
                try await say(
                    chat, BotTexts.format(.pay, language, String(payment.amount), payment.product),
                    keyboard: [[Self.link("⭐ \(payment.amount)", url: link)]])
            }
        case "refund":
            guard let paymentID = Int64(value),
                let payment = try? await billing.payment(id: paymentID, accountID: chat.accountID)
            else { return }
            let now = clock.nowMilliseconds()
            try await store.statement { db in
                try await store.supportRequests.insert(
                    accountID: chat.accountID, paymentID: payment.id,
                    text: "Refund asked for in the bot (payment \(payment.id), \(payment.product))", now: now, on: db)
            }
            try await say(chat, BotTexts.format(.refundSent, language, String(payment.id)))
        default: return
        }
    }

    func edit(_ chat: BotChatRecord, messageID: Int64, _ text: String, keyboard: [[[String: JSONValue]]]) async throws {
        try await sender.send(
            "editMessageText", chat: chat.chatID,
            [
                "chat_id": .int(chat.chatID), "message_id": .int(messageID), "text": .string(text),
                "reply_markup": .object(["inline_keyboard": .array(keyboard.map { .array($0.map(JSONValue.object)) })]),
            ])
    }

    // MARK: Account

    func balanceText(_ chat: BotChatRecord) async throws -> String {
        let account = try await accounts.find(id: chat.accountID)
        let reset = account.planExpiresAt.map { " (→ " + String($0.iso8601.prefix(10)) + ")" } ?? ""
        return BotTexts.format(
            .balance, chat.language, String(account.availableTokens), String(account.subscriptionTokens), reset,
            String(account.packageTokens), String(account.heldTokens), plans.plan(account.plan)?.name ?? account.plan)
    }

    func buy(_ chat: BotChatRecord) async throws {
        let rows = billing.products.map { product in
            [Self.button("\(product.name) · \(product.tokens) · ⭐\(product.priceStars)", data: "buy:\(product.id)")]
        }
        try await say(chat, BotTexts.text(.buyIntro, chat.language), keyboard: rows)
    }

    func paySupport(_ chat: BotChatRecord) async throws {
        let payments = try await billing.payments(accountID: chat.accountID, limit: 10).filter {
            $0.status == .succeeded
        }
        guard !payments.isEmpty else {
            try await say(chat, BotTexts.text(.noPayments, chat.language))
            return
        }
        let rows = payments.map { payment in
            [
                Self.button(
                    BotTexts.format(.refundAsk, chat.language, String(payment.id)) + " · \(payment.product)",
                    data: "refund:\(payment.id)")
            ]
        }
        try await say(chat, BotTexts.text(.paySupport, chat.language), keyboard: rows)
    }

    // MARK: Support

    func support(_ question: String, chat: BotChatRecord) async throws {
        let answer = await assistant.answer(question, language: chat.language)
        var text = answer.text
        if !answer.citations.isEmpty {
            text +=
                "\n\n" + BotTexts.text(.supportSources, chat.language) + "\n"
                + answer.citations.map { "• \($0.title): \($0.url)" }.joined(separator: "\n")
        }
        for part in Self.split(text) { try await say(chat, part) }
    }
}

extension TelegramBot {
    /// The updates the bot reads.
    static let allowedUpdates = ["message", "callback_query", "pre_checkout_query", "my_chat_member"]

    /// The command menu, per language.
    static func commands(_ language: String) -> [(String, String)] {
        language == "ru"
            ? [
                ("models", "Выбрать модель"), ("balance", "Баланс"), ("buy", "Купить за звёзды"), ("settings", "Язык"),
                ("paysupport", "Платежи и возвраты"), ("support", "Вопрос в поддержку"), ("help", "Помощь"),
                ("terms", "Условия"),
            ]
            : [
                ("models", "Choose a model"), ("balance", "Your tokens"), ("buy", "Buy with Stars"),
                ("settings", "Language"), ("paysupport", "Payments and refunds"), ("support", "Ask support"),
                ("help", "Help"), ("terms", "Terms"),
            ]
    }

    /// Registers the webhook (`url`, its secret, the updates read) and the command list in both languages
    /// (`tollgate telegram set-webhook`).
    public func register(url: String, secret: String) async throws {
        try await sender.send(
            "setWebhook", chat: nil,
            [
                "url": .string(url), "secret_token": .string(secret),
                "allowed_updates": .array(Self.allowedUpdates.map(JSONValue.string)),
            ])
        for language in ["en", "ru"] {
            var params: [String: JSONValue] = [
                "commands": .array(
                    Self.commands(language).map { .object(["command": .string($0.0), "description": .string($0.1)]) })
            ]
            if language == "ru" { params["language_code"] = "ru" }
            try await sender.send("setMyCommands", chat: nil, params)
        }
    }
}
