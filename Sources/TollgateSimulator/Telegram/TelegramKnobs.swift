/// The fault knobs of the Telegram fake, set with `POST /telegram/_sim/knobs`; a body changes only the
/// fields it names.
struct TelegramKnobs: Encodable, Sendable {
    /// How many of the next calls (of `method`, or of any) fail with `errorCode`.
    var failNext = 0
    var errorCode = 429
    /// The `retry_after` of 429 failures, in seconds.
    var retryAfter = 1
    /// The only method whose calls `failNext` counts, if set.
    var method: String?
    /// Chats whose sends answer 403 `Forbidden: bot was blocked by the user`.
    var blockedChats: [Int] = []

    enum CodingKeys: String, CodingKey {
        case method
        case failNext = "fail_next"
        case errorCode = "error_code"
        case retryAfter = "retry_after"
        case blockedChats = "blocked_chats"
    }

    /// These knobs with the fields `json` names changed (`"reset": true` first goes back to none).
    func updated(by json: AnyJSON) -> TelegramKnobs {
        var knobs = json["reset"]?.boolValue == true ? TelegramKnobs() : self
        if let count = json["fail_next"]?.intValue { knobs.failNext = max(0, count) }
        if let code = json["error_code"]?.intValue, (400...599).contains(code) { knobs.errorCode = code }
        if let seconds = json["retry_after"]?.intValue { knobs.retryAfter = max(0, seconds) }
        if let method = json["method"] { knobs.method = method.stringValue }
        if let chats = json["blocked_chats"]?.arrayValue { knobs.blockedChats = chats.compactMap(\.intValue) }
        return knobs
    }

    /// Takes one injected failure for a call of `method`, if one is due.
    mutating func takeFailure(method: String) -> TelegramError? {
        guard failNext > 0, self.method.map({ $0.lowercased() == method.lowercased() }) ?? true else { return nil }
        failNext -= 1
        return .injected(code: errorCode, retryAfter: retryAfter)
    }
}
