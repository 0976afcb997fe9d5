import SQLKit

/// A chat with the bot, as stored.
public struct BotChatRecord: Sendable, Equatable {
    public var chatID: Int64
    public var accountID: Int64
    public var language: String
    public var modelSlug: String?
    public var blockedAt: Int64?

    init(row: any SQLRow) throws {
        chatID = try row.decode(column: "chat_id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        language = try row.decode(column: "language", as: String.self)
        modelSlug = try row.decode(column: "model_slug", as: String?.self)
        blockedAt = try row.decode(column: "blocked_at", as: Int64?.self)
    }
}

/// Literal SQL over `bot_chats`.
public struct BotChatStore: Sendable {
    public init() {}

    static let columns = "chat_id, account_id, language, model_slug, blocked_at"

    public func find(chatID: Int64, on db: any SQLDatabase) async throws -> BotChatRecord? {
        try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM bot_chats WHERE chat_id = \(bind: chatID)")
            .first().map(BotChatRecord.init(row:))
    }

    /// The chat's row, made for `accountID` if new, or moved to it (a chat linked to another account).
    public func upsert(chatID: Int64, accountID: Int64, language: String, now: Int64, on db: any SQLDatabase)
        async throws -> BotChatRecord
    {
        guard
            let row = try await db.raw(
                """
                INSERT INTO bot_chats (chat_id, account_id, language, updated_at)
                VALUES (\(bind: chatID), \(bind: accountID), \(bind: language), \(bind: now))
                ON CONFLICT (chat_id) DO UPDATE SET account_id = excluded.account_id, blocked_at = NULL,
                    updated_at = excluded.updated_at
                RETURNING \(unsafeRaw: Self.columns)
                """
            ).first()
        else { throw StoreError.notFound }
        return try BotChatRecord(row: row)
    }

    public func setModel(chatID: Int64, slug: String?, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE bot_chats SET model_slug = \(bind: slug), updated_at = \(bind: now) WHERE chat_id = \(bind: chatID)"
        ).run()
    }

    public func setLanguage(chatID: Int64, language: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE bot_chats SET language = \(bind: language), updated_at = \(bind: now) WHERE chat_id = \(bind: chatID)"
        ).run()
    }

    /// Records that the user blocked the bot (nil: unblocked it, by writing again).
    public func setBlocked(chatID: Int64, at time: Int64?, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE bot_chats SET blocked_at = \(bind: time) WHERE chat_id = \(bind: chatID)").run()
    }
}
