import SQLKit

/// Literal SQL over `bot_jobs`: the asynchronous generations a chat is owed a result for.
public struct BotJobStore: Sendable {
    public init() {}

    public func insert(generationID: Int64, chatID: Int64, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO bot_jobs (generation_id, chat_id, created_at) VALUES (\(bind: generationID), \(bind: chatID), \(bind: now))
            ON CONFLICT (generation_id) DO NOTHING
            """
        ).run()
    }

    /// Owed jobs whose generation finished: (generation id, chat id).
    public func finished(limit: Int, on db: any SQLDatabase) async throws -> [(Int64, Int64)] {
        try await db.raw(
            """
            SELECT j.generation_id, j.chat_id FROM bot_jobs j JOIN generations g ON g.id = j.generation_id
            WHERE g.status <> 'pending' ORDER BY j.generation_id LIMIT \(bind: limit)
            """
        ).all().map {
            (try $0.decode(column: "generation_id", as: Int64.self), try $0.decode(column: "chat_id", as: Int64.self))
        }
    }

    /// Takes an owed job off the list; false when another worker took it first.
    public func take(generationID: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("DELETE FROM bot_jobs WHERE generation_id = \(bind: generationID) RETURNING generation_id")
            .first() != nil
    }
}
