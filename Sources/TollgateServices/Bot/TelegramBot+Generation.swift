import Foundation
import TollgateCore
import TollgateProviders
import TollgateStore

extension TelegramBot {
    /// A prompt for the chat's model: admitted, billed and rate-limited exactly as the API does it, through the same
    /// call. A synchronous answer is sent at once; an asynchronous job is announced and its result sent when it
    /// finishes. A refusal (402, 429, …) becomes a message that says what to do.
    func generate(_ prompt: String, model: ModelEntry, chat: BotChatRecord, photo: TelegramPhotoSize? = nil)
        async throws
    {
        let account = try await accounts.find(id: chat.accountID)
        let language = chat.language
        do {
            var body: [String: JSONValue] = ["model": .string(model.slug)]
            if !prompt.isEmpty { body["prompt"] = .string(prompt) }
            var params: [String: JSONValue] = [:]
            // Telegram shows a photo sent by URL from a JPEG (not a WebP, the default `image_format`) of at most
            // 5 MB: an image is asked as a JPEG wherever its model takes one.
            if model.param("format")?.accepts(.string("jpeg")) == true { params["format"] = "jpeg" }
            if let photo {
                // The photo becomes one of the account's files; the model reads it from its public URL.
                let bytes = try await sender.client.download(fileID: photo.fileID)
                let png = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
                let path = try await files.keep(
                    bytes: bytes, contentType: png ? "image/png" : "image/jpeg", accountID: account.id,
                    plan: account.plan, generationID: nil)
                params["image_url"] = .string(baseURL + path)
            }
            if !params.isEmpty { body["params"] = .object(params) }
            let input = try await users.generationInput(.object(body), catalog: catalog, accountID: account.id)
            let call = GenerationCall(
                principal: Principal(accountID: account.id, keyID: nil, plan: account.plan), input: input,
                waitsForResult: false, baseURL: baseURL, logger: logger)
            let (result, _) = try await generations.generate(call).succeeded()
            if result.generation.status == .pending {
                let now = clock.nowMilliseconds()
                try await store.statement { db in
                    try await store.botJobs.insert(
                        generationID: result.generation.id, chatID: chat.chatID, now: now, on: db)
                }
                try await say(chat, BotTexts.text(.jobOwed, language))
            } else {
                try await deliver(result.generation, to: chat)
            }
        } catch let error as APIError {
            try await say(chat, refusal(error, language: language))
        } catch let error as ProviderFailure where photo != nil {
            // Telegram would not give the photo: nothing was admitted.
            try await say(chat, BotTexts.format(.failed, language, error.message))
        }
    }

    /// What a refused or failed generation tells the user.
    func refusal(_ error: APIError, language: String) -> String {
        switch error.code {
        case "insufficient_tokens":
            return BotTexts.format(
                .insufficient, language, error.details["required"]?.intValue.map(String.init) ?? "?",
                error.details["available"]?.intValue.map(String.init) ?? "?")
        case "rate_limit_exceeded":
            let seconds = error.extra["retry_after"]?.intValue ?? 60
            let at = Date(timeIntervalSince1970: Double(clock.nowMilliseconds() / 1000 + seconds))
            let time = at.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).time(includingFractionalSeconds: false))
            return BotTexts.format(.rateLimited, language, String(time.prefix(5)))
        case "insufficient_plan": return BotTexts.text(.planTooLow, language)
        case "model_unavailable": return BotTexts.text(.unavailable, language)
        case "account_blocked": return BotTexts.text(.blockedAccount, language)
        default: return BotTexts.format(.failed, language, error.message)
        }
    }

    /// A finished generation's result: text as messages under Telegram's length limit; media by URL (Telegram
    /// fetches it), else — too big, or refused — as a link.
    func deliver(_ generation: GenerationRecord, to chat: BotChatRecord) async throws {
        if generation.status == .failed {
            try await say(chat, BotTexts.format(.failed, chat.language, generation.error ?? ""))
            return
        }
        if let text = generation.resultText, generation.resultURL == nil {
            for part in Self.split(text) { try await say(chat, part) }
            return
        }
        guard let path = generation.resultURL else { return }
        let url = path.hasPrefix("/") ? baseURL + path : path
        let (method, field): (String, String) =
            switch ModelCategory(rawValue: generation.category)?.media {
            case .image?: ("sendPhoto", "photo")
            case .video?: ("sendVideo", "video")
            case .audio?: ("sendAudio", "audio")
            default: ("sendDocument", "document")
            }
        do {
            try await sender.send(
                method, chat: chat.chatID,
                [
                    "chat_id": .int(chat.chatID), field: .string(url),
                    "caption": .string(String((generation.prompt ?? "").prefix(1000))),
                ])
        } catch {
            try await say(chat, url)
        }
    }

    /// `text` in pieces Telegram accepts (4,096 characters), cut at a line break or space where one is near.
    static func split(_ text: String, limit: Int = messageLimit) -> [String] {
        var parts: [String] = []
        var rest = Substring(text)
        while rest.count > limit {
            let window = rest.prefix(limit)
            let cut = window.lastIndex(of: "\n") ?? window.lastIndex(of: " ")
            let end =
                cut.map { $0 > window.index(window.startIndex, offsetBy: limit / 2) ? $0 : window.endIndex }
                ?? window.endIndex
            parts.append(String(rest[..<end]))
            rest = rest[end...].drop { $0 == "\n" || $0 == " " }
        }
        if !rest.isEmpty || parts.isEmpty { parts.append(String(rest)) }
        return parts
    }
}
