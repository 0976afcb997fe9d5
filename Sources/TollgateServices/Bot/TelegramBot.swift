import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// The Telegram bot (SPEC §15). The webhook hands each update to `receive`, which keeps it (once per `update_id`,
/// whoever delivers it and however often) and processes it after the webhook has answered; the worker resumes any
/// update a dead process left unfinished. A chat belongs to an account (made at `/start`, or linked with a
/// dashboard token) and generates through the same lifecycle, balance, limits and prices as the API.
public struct TelegramBot: Sendable {
    let store: Store
    let catalog: Catalog
    let plans: PlanBook
    let accounts: AccountService
    let generations: GenerationService
    let users: UserService
    let webAuth: WebAuthService
    let billing: BillingService
    let files: FileService
    let assistant: SupportAssistant
    let sender: BotSender
    let baseURL: String
    let clock: any WallClock
    let logger: Logger

    /// How long a worker holds an update it processes before another may take it over.
    static let lease: Int64 = 120_000
    static let messageLimit = 4096

    // MARK: Receiving

    /// Keeps a new update and processes it in the background; false (and nothing done) for one received before.
    @discardableResult
    public func receive(_ update: TelegramUpdate, body: String) async throws -> Bool {
        let now = clock.nowMilliseconds()
        let claimed = try await store.statement { db in
            try await store.telegramUpdates.claim(
                updateID: update.updateID, body: body, now: now, lockedUntil: now + Self.lease, on: db)
        }
        guard claimed else { return false }
        Task { await processAndFinish(update) }
        return true
    }

    /// Processes the updates whose worker died (their lease ran out), oldest first; returns how many.
    public func resumeDue(limit: Int = 20) async throws -> Int {
        let now = clock.nowMilliseconds()
        let due = try await store.statement { db in
            try await store.telegramUpdates.takeDue(now: now, lockedUntil: now + Self.lease, limit: limit, on: db)
        }
        for (_, body) in due {
            guard let update = try? TelegramBotMapping.parseUpdate(Array(body.utf8)) else { continue }
            await processAndFinish(update)
        }
        return due.count
    }

    func processAndFinish(_ update: TelegramUpdate) async {
        do {
            try await process(update)
            let now = clock.nowMilliseconds()
            try await store.statement { db in
                try await store.telegramUpdates.finish(updateID: update.updateID, now: now, on: db)
            }
        } catch {
            // Left leased: the worker tries it again when the lease runs out.
            logger.error(
                "bot update failed", metadata: ["update_id": "\(update.updateID)", "error_type": "\(type(of: error))"])
        }
    }

    /// Forgets updates processed more than a day ago (a redelivery comes within minutes); run by the sweeper.
    public func prune() async throws {
        let before = clock.nowMilliseconds() - 86_400_000
        try await store.statement { db in try await store.telegramUpdates.prune(before: before, on: db) }
    }

    /// Sends owed results of finished jobs; returns how many.
    public func deliverFinishedJobs(limit: Int = 50) async throws -> Int {
        let finished = try await store.read { db in try await store.botJobs.finished(limit: limit, on: db) }
        var sent = 0
        for (generationID, chatID) in finished {
            guard try await store.statement({ db in try await store.botJobs.take(generationID: generationID, on: db) }),
                let chat = try await store.read({ db in try await store.botChats.find(chatID: chatID, on: db) }),
                chat.blockedAt == nil,
                let (generation, _) = try await generations.find(id: generationID, accountID: chat.accountID)
            else { continue }
            guard try await users.settings(accountID: chat.accountID).notificationsEnabled else { continue }
            try await deliver(generation, to: chat)
            sent += 1
        }
        return sent
    }

    // MARK: Dispatch

    func process(_ update: TelegramUpdate) async throws {
        if let member = update.myChatMember {
            let blocked = member.newChatMember.status == "kicked"
            let now = clock.nowMilliseconds()
            try await store.statement { db in
                try await store.botChats.setBlocked(chatID: member.chat.id, at: blocked ? now : nil, on: db)
            }
            return
        }
        if let query = update.callbackQuery {
            try await sender.send("answerCallbackQuery", chat: nil, ["callback_query_id": .string(query.id)])
            guard let message = query.message, let data = query.data else { return }
            let chat = try await chat(message.chat.id, user: query.from)
            try await callback(data, chat: chat, messageID: message.messageID)
            return
        }
        guard let message = update.message, message.chat.type == "private", let user = message.from,
            message.successfulPayment == nil
        else { return }
        let text = (message.text ?? message.caption ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("/") {
            try await command(text, message: message, user: user)
            return
        }
        let chat = try await chat(message.chat.id, user: user)
        let model = chat.modelSlug.flatMap(catalog.model)
        if let photo = message.photo?.max(by: { $0.width * $0.height < $1.width * $1.height }) {
            guard let model, model.param("image_url") != nil else {
                try await say(chat, BotTexts.text(.noModel, chat.language))
                return
            }
            try await generate(text, model: model, chat: chat, photo: photo)
            return
        }
        guard !text.isEmpty else { return }
        if let model {
            guard !Self.needsPhoto(model) else {
                try await say(chat, BotTexts.text(.sendPhoto, chat.language))
                return
            }
            try await generate(text, model: model, chat: chat)
        } else {
            try await support(text, chat: chat)
        }
    }

    /// The chat's row; a chat seen for the first time gets its Telegram user's account (made if new).
    func chat(_ chatID: Int64, user: TelegramUser) async throws -> BotChatRecord {
        if let known = try await store.read({ db in try await store.botChats.find(chatID: chatID, on: db) }) {
            if known.blockedAt != nil {
                try await store.statement { db in try await store.botChats.setBlocked(chatID: chatID, at: nil, on: db) }
            }
            return known
        }
        return try await start(chatID, user: user, linkTo: nil).chat
    }

    /// Binds the chat to the Telegram user's account — `linkTo` when given — and returns the chat and whether the
    /// account is new.
    func start(_ chatID: Int64, user: TelegramUser, linkTo: Int64?) async throws -> (
        chat: BotChatRecord, account: AccountRecord, isNew: Bool
    ) {
        let profile = TelegramProfile(
            telegramID: user.id, username: user.username, firstName: user.firstName, lastName: nil, photoURL: nil)
        let signIn = try await webAuth.account(for: profile, linkTo: linkTo)
        let settings = try await users.settings(accountID: signIn.account.id)
        // A new account takes the language of the user's Telegram client.
        var language = settings.language
        if signIn.isNewUser, let code = user.languageCode?.prefix(2), code == "ru" || code == "en" {
            language = String(code)
            _ = try await users.updateSettings(accountID: signIn.account.id, body: ["language": .string(language)])
        }
        let now = clock.nowMilliseconds()
        let chosen = language
        let chat = try await store.statement { db in
            try await store.botChats.upsert(
                chatID: chatID, accountID: signIn.account.id, language: chosen, now: now, on: db)
        }
        return (chat, signIn.account, signIn.isNewUser)
    }

    func say(_ chat: BotChatRecord, _ text: String, keyboard: [[[String: JSONValue]]]? = nil) async throws {
        var params: [String: JSONValue] = ["chat_id": .int(chat.chatID), "text": .string(text)]
        if let keyboard {
            params["reply_markup"] = .object([
                "inline_keyboard": .array(keyboard.map { .array($0.map(JSONValue.object)) })
            ])
        }
        try await sender.send("sendMessage", chat: chat.chatID, params)
    }

    static func button(_ text: String, data: String) -> [String: JSONValue] {
        ["text": .string(text), "callback_data": .string(data)]
    }

    static func link(_ text: String, url: String) -> [String: JSONValue] {
        ["text": .string(text), "url": .string(url)]
    }
}
