import Hummingbird

/// Anthropic's Messages API (`/anthropic/v1/messages`): `x-api-key` and `anthropic-version` headers,
/// `max_tokens` required, errors as `{"type":"error","error":{"type","message"}}`.
struct AnthropicSimulation: ProviderSimulation {
    let id = "anthropic"

    func authenticate(_ request: Request) -> SimulatedFailure? {
        if let failure = keyFailure(request.headers.value(named: "x-api-key")) { return failure }
        guard let version = request.headers.value(named: "anthropic-version"), !version.isEmpty else {
            return .invalidRequest("anthropic-version: header is required")
        }
        return nil
    }

    func parse(_ body: ByteBuffer, route: RouteFacts) throws(SimulatedFailure) -> ChatTurn {
        let request: AnthropicRequest
        do {
            request = try WireJSON.decode(AnthropicRequest.self, from: body)
        } catch {
            throw .invalidRequest("There was an issue with the format of the request body: invalid JSON.")
        }
        guard let model = request.model, !model.isEmpty else { throw .invalidRequest("model: Field required") }
        guard let maxTokens = request.maxTokens else { throw .invalidRequest("max_tokens: Field required") }
        guard maxTokens >= 1 else { throw .invalidRequest("max_tokens: Input should be greater than or equal to 1") }
        guard let messages = request.messages, !messages.isEmpty else {
            throw .invalidRequest("messages: Field required")
        }
        let texts = [request.system?.text ?? ""] + messages.map { $0.content?.text ?? "" }
        let prompt = messages.last(where: { $0.role == "user" })?.content?.text ?? texts.last ?? ""
        return ChatTurn(
            model: model, prompt: prompt, promptTokens: SimulatedTokens.count(texts), stream: request.stream ?? false)
    }

    func errorResponse(_ failure: SimulatedFailure) -> Response {
        jsonResponse(status: failure.status, body: WireJSON.buffer(Self.error(failure)))
    }

    /// Anthropic's error type and wording for each failure.
    static func error(_ failure: SimulatedFailure) -> AnthropicErrorBody {
        switch failure.reason {
        case .missingKey:
            return AnthropicErrorBody(type: "authentication_error", message: "x-api-key header is required")
        case .invalidKey: return AnthropicErrorBody(type: "authentication_error", message: "invalid x-api-key")
        case .invalidRequest:
            return AnthropicErrorBody(type: "invalid_request_error", message: failure.message ?? "Invalid request.")
        case .notFound: return AnthropicErrorBody(type: "not_found_error", message: "Not found")
        case .injected: break
        }
        switch failure.status {
        case 400: return AnthropicErrorBody(type: "invalid_request_error", message: "Simulated invalid request.")
        case 401: return AnthropicErrorBody(type: "authentication_error", message: "invalid x-api-key")
        case 402: return AnthropicErrorBody(type: "billing_error", message: "Simulated billing error.")
        case 403: return AnthropicErrorBody(type: "permission_error", message: "Simulated permission error.")
        case 404: return AnthropicErrorBody(type: "not_found_error", message: "Simulated missing resource.")
        case 413:
            return AnthropicErrorBody(
                type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes.")
        case 429: return AnthropicErrorBody(type: "rate_limit_error", message: "Simulated rate limit.")
        case 504: return AnthropicErrorBody(type: "timeout_error", message: "Simulated timeout.")
        case 529: return AnthropicErrorBody(type: "overloaded_error", message: "Overloaded")
        case 500..<600: return AnthropicErrorBody(type: "api_error", message: "Internal server error")
        default: return AnthropicErrorBody(type: "invalid_request_error", message: "Simulated error \(failure.status).")
        }
    }

    func completion(_ exchange: Exchange) -> ByteBuffer {
        WireJSON.buffer(
            AnthropicMessage(
                id: exchange.responseID(prefix: "msg_"),
                model: exchange.turn.model,
                content: [TextBlock(text: exchange.answer.text)],
                stopReason: OrNull("end_turn"),
                usage: AnthropicUsage(inputTokens: exchange.turn.promptTokens, outputTokens: exchange.completionTokens)
            )
        )
    }

    func stream(_ exchange: Exchange) -> any StreamScript {
        AnthropicStream(exchange: exchange, id: exchange.responseID(prefix: "msg_"))
    }
}
