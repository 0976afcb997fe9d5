import Foundation
import TollgateCore
import TollgateProviders

/// Spaces the bot's outgoing calls as Telegram asks (SPEC §15): at most one message a second to a chat and thirty
/// a second in all — the latter as an even spacing (one every 1/30 s), so no second ever holds more. A caller
/// reserves the next free slot and sleeps until it.
actor BotPacer {
    private var nextByChat: [Int64: ContinuousClock.Instant] = [:]
    private var nextGlobal = ContinuousClock.now
    let perChat: Duration
    let gap: Duration

    init(perChat: Duration = .seconds(1), perSecond: Int = 30) {
        self.perChat = perChat
        gap = .seconds(1) / perSecond
    }

    /// The instant the next call to `chat` (nil: not to a chat) may go out, reserved for the caller.
    func reserve(chat: Int64?) -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        var slot = max(now, nextGlobal)
        if let chat, let next = nextByChat[chat], next > slot { slot = next }
        nextGlobal = slot + gap
        if let chat { nextByChat[chat] = slot + perChat }
        if nextByChat.count > 10_000 { nextByChat = nextByChat.filter { $0.value > now } }
        return slot
    }
}

/// The one way the bot writes to Telegram: paced by `BotPacer`; a 429 waits its `retry_after` and tries again; a
/// 5xx or lost connection is retried twice; a 403 (the user blocked the bot) is reported to `onBlocked` and the
/// chat is not written to again.
public struct BotSender: Sendable {
    let client: TelegramBotClient
    let pacer: BotPacer
    let onBlocked: @Sendable (Int64) async -> Void

    /// Calls `method` for `chat`; nil when the chat blocked the bot.
    @discardableResult
    func send(_ method: String, chat: Int64?, _ params: [String: JSONValue]) async throws -> JSONValue? {
        var attempt = 0
        while true {
            let slot = await pacer.reserve(chat: chat)
            try await Task.sleep(until: slot, clock: .continuous)
            do {
                return try await client.call(method, JSONValue.object(params), as: JSONValue.self)
            } catch {
                attempt += 1
                switch (error.status, error.kind) {
                case (429?, _) where attempt < 5:
                    try await Task.sleep(for: .seconds(min(error.retryAfter ?? 1, 60)))
                case (403?, _):
                    if let chat { await onBlocked(chat) }
                    return nil
                case (_, .upstreamError), (_, .connection), (_, .timeout):
                    guard attempt < 3 else { throw error }
                    try await Task.sleep(for: .milliseconds(500 * attempt))
                default:
                    throw error
                }
            }
        }
    }
}
