/// xAI's own error shape, beside OpenAI's: `{"code": "<gRPC status text>", "error": "<message>"}`.
enum XAIWire {
    /// The string-shaped error answer.
    struct ErrorBody: Decodable {
        var code: String?
        var error: String?
    }
}
