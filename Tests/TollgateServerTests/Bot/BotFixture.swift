import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// A gateway whose bot talks to the simulator's fake Bot API, and helpers that act as Telegram delivering a user's
/// messages and read what the bot sent back.
struct BotFixture {
    let payments: PaymentFixture
    static var token: String { PaymentFixture.botToken }

    static func start(_ database: TestDatabase, configure: @escaping (inout Configuration) -> Void = { _ in })
        async throws
        -> BotFixture
    {
        BotFixture(payments: try await PaymentFixture.start(database, configure: configure))
    }

    func stop() async { await payments.stop() }

    /// Runs `body` with a started fixture, stopping it however `body` ends.
    static func with(
        _ database: TestDatabase, configure: @escaping (inout Configuration) -> Void = { _ in },
        _ body: (BotFixture) async throws -> Void
    ) async throws {
        let bot = try await start(database, configure: configure)
        do {
            try await body(bot)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    var services: Services { payments.gateway.app.services }

    /// Telegram delivers `update` (its `update_id` chosen by the fake unless given) `times` times; the statuses.
    @discardableResult
    func deliver(_ update: String, times: Int = 1) async throws -> JSONValue {
        let reply = try await payments.simulator(
            .POST, "/telegram/_sim/updates",
            json: #"{"token": "\#(Self.token)", "times": \#(times), "update": \#(update)}"#)
        return reply.json
    }

    /// A private message from user `user` (chat id = user id).
    static func message(_ text: String, user: Int64 = 4242, language: String = "en", updateID: Int64? = nil) -> String {
        let id = updateID.map { #""update_id": \#($0), "# } ?? ""
        let escaped = String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
        return """
            {\(id)"message": {"message_id": 1, "date": 1765000000, "chat": {"id": \(user), "type": "private"},
             "from": {"id": \(user), "is_bot": false, "first_name": "Tess", "username": "tess", "language_code": "\(language)"},
             "text": \(escaped)}}
            """
    }

    static func press(_ data: String, user: Int64 = 4242, messageID: Int64 = 7) -> String {
        """
        {"callback_query": {"id": "cb-\(UUID().uuidString.prefix(8))", "data": "\(data)",
         "from": {"id": \(user), "is_bot": false, "first_name": "Tess"},
         "message": {"message_id": \(messageID), "date": 1765000000, "chat": {"id": \(user), "type": "private"}}}}
        """
    }

    /// Every call the bot made to the fake, in order.
    func calls() async throws -> [JSONValue] {
        try await payments.simulator(.GET, "/telegram/_sim/calls?token=\(Self.token)").json["calls"]?.arrayValue ?? []
    }

    /// The texts the bot sent to `chat`.
    func texts(to chat: Int64 = 4242) async throws -> [String] {
        try await calls().filter { $0["method"] == "sendMessage" && $0["params"]?["chat_id"]?.intValue == chat }
            .compactMap { $0["params"]?["text"]?.stringValue }
    }

    /// Waits until the bot has sent at least `count` messages to `chat` (it answers after the webhook's 200).
    func waitForTexts(_ count: Int, to chat: Int64 = 4242) async throws -> [String] {
        for _ in 0..<300 {
            let texts = try await texts(to: chat)
            if texts.count >= count { return texts }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await texts(to: chat)
    }

    func knobs(_ json: String) async throws {
        _ = try await payments.simulator(.POST, "/telegram/_sim/knobs", json: json)
    }
}
