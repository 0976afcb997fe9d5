/// A Bot API refusal: `error_code`, `description`, and `retry_after` for flood waits; it renders
/// itself as the `{"ok": false, …}` envelope.
struct TelegramError: Error, Sendable {
    var code: Int
    var description: String
    var retryAfter: Int?

    /// 400 `Bad Request: <what>`.
    static func badRequest(_ what: String) -> TelegramError {
        TelegramError(code: 400, description: "Bad Request: " + what)
    }

    /// 401: the token is not a bot token.
    static let unauthorized = TelegramError(code: 401, description: "Unauthorized")
    /// 404: no such method.
    static let notFound = TelegramError(code: 404, description: "Not Found")
    /// 403: the user blocked the bot.
    static let blocked = TelegramError(code: 403, description: "Forbidden: bot was blocked by the user")

    /// The failure the `fail_next` knob injects.
    static func injected(code: Int, retryAfter: Int) -> TelegramError {
        switch code {
        case 429:
            TelegramError(
                code: 429, description: "Too Many Requests: retry after \(retryAfter)", retryAfter: retryAfter)
        case 403: .blocked
        case 400: .badRequest("simulated failure")
        case 401: .unauthorized
        case 502: TelegramError(code: 502, description: "Bad Gateway")
        default: TelegramError(code: code, description: "Internal Server Error")
        }
    }

    /// The error envelope.
    var wire: TelegramWire.Failure {
        .init(errorCode: code, description: description, parameters: retryAfter.map { .init(retryAfter: $0) })
    }
}
