extension TelegramSimulation {
    /// Methods that send to or edit in a chat (a blocked chat refuses them).
    static let chatMethods: Set<String> = [
        "sendmessage", "editmessagetext", "sendphoto", "senddocument", "sendaudio", "sendvideo", "sendinvoice",
        "sendanimation", "sendvoice", "sendsticker", "sendmediagroup", "copymessage", "forwardmessage",
    ]

    /// `sendMessage`: 1–4096 characters of text to `chat_id`.
    func sendMessage(_ call: TelegramCall) throws(TelegramError) -> AnyJSON {
        try requireChat(call)
        let text = call.string("text") ?? ""
        guard !text.isEmpty else { throw .badRequest("message text is empty") }
        guard text.count <= 4096 else { throw .badRequest("message is too long") }
        return message(call, fields: ["text": .string(text)])
    }

    /// `editMessageText`: the edited message, or `true` for an inline message.
    func editMessageText(_ call: TelegramCall) throws(TelegramError) -> AnyJSON {
        let text = call.string("text") ?? ""
        guard !text.isEmpty else { throw .badRequest("message text is empty") }
        guard text.count <= 4096 else { throw .badRequest("MESSAGE_TOO_LONG") }
        if call.string("inline_message_id") != nil { return .bool(true) }
        try requireChat(call)
        guard let messageID = call.int("message_id") else { throw .badRequest("message identifier is not specified") }
        return message(call, fields: ["text": .string(text), "edit_date": .int(Self.now)], messageID: messageID)
    }

    /// `answerCallbackQuery`: `true`; the text shown is at most 200 characters.
    func answerCallbackQuery(_ call: TelegramCall) throws(TelegramError) -> AnyJSON {
        guard call.string("callback_query_id")?.isEmpty == false else { throw .badRequest("QUERY_ID_INVALID") }
        guard (call.string("text") ?? "").count <= 200 else { throw .badRequest("MESSAGE_TOO_LONG") }
        return .bool(true)
    }

    /// `sendPhoto`, `sendDocument`, `sendAudio`, `sendVideo`: a message carrying a simulated file.
    func sendMedia(_ call: TelegramCall, kind: String) throws(TelegramError) -> AnyJSON {
        try requireChat(call)
        guard let source = call.string(kind), !source.isEmpty else {
            throw .badRequest("there is no \(kind) in the request")
        }
        guard (call.string("caption") ?? "").count <= 1024 else { throw .badRequest("message caption is too long") }
        let number = book.withLock { $0.next() }
        let file: [String: AnyJSON] = [
            "file_id": .string("sim-\(kind)-\(number)"), "file_unique_id": .string("simu\(number)"),
            "file_size": .int(1024 * number),
        ]
        let media: AnyJSON =
            switch kind {
            case "photo":
                .array([
                    .object(file.merging(["width": .int(320), "height": .int(180)]) { $1 }),
                    .object(file.merging(["width": .int(1280), "height": .int(720)]) { $1 }),
                ])
            case "video": .object(file.merging(["width": .int(1280), "height": .int(720), "duration": .int(5)]) { $1 })
            case "audio": .object(file.merging(["duration": .int(5)]) { $1 })
            default: .object(file.merging(["file_name": .string(Self.fileName(source))]) { $1 })
            }
        var fields = [kind: media]
        if let caption = call.string("caption") { fields["caption"] = .string(caption) }
        return message(call, fields: fields)
    }

    /// A message the bot sent with `call`, carrying `fields` (and the call's `reply_markup`).
    func message(_ call: TelegramCall, fields: [String: AnyJSON], messageID: Int? = nil) -> AnyJSON {
        var members = fields
        members["message_id"] = .int(messageID ?? book.withLock { $0.messageID(call.token) })
        members["from"] = Self.bot(call.token)
        members["chat"] = Self.chat(call.params["chat_id"] ?? .null)
        members["date"] = .int(Self.now)
        if let markup = call.json("reply_markup") { members["reply_markup"] = markup }
        return .object(members)
    }

    /// The chat a `chat_id` names: a user's private chat, a group (negative id), or a channel (`@name`).
    static func chat(_ id: AnyJSON) -> AnyJSON {
        if let number = id.intValue {
            return number > 0
                ? .object(["id": .int(number), "type": .string("private"), "first_name": .string("Sim")])
                : .object(["id": .int(number), "type": .string("supergroup"), "title": .string("Sim group")])
        }
        let name = id.stringValue ?? ""
        return .object([
            "id": .int(-1_001_000_000_000), "type": .string("channel"),
            "username": .string(String(name.drop { $0 == "@" })),
        ])
    }

    /// Refuses a call without `chat_id`.
    func requireChat(_ call: TelegramCall) throws(TelegramError) {
        guard let chat = call.params["chat_id"], chat != .null, chat != .string("") else {
            throw .badRequest("chat_id is empty")
        }
    }

    /// The name a file goes by: the last part of its URL, or what the upload said.
    static func fileName(_ source: String) -> String {
        let trimmed = source.hasPrefix("<file ") ? String(source.dropFirst(6).dropLast()) : source
        return String(trimmed.split(separator: "/").last ?? "file")
    }
}
