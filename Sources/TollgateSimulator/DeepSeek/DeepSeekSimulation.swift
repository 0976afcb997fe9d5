import Hummingbird

/// DeepSeek's Chat Completions API (`/deepseek/chat/completions`, also under `/v1`): the OpenAI shape,
/// `reasoning_content` for `deepseek-reasoner`, usage with the prompt cache split riding on the
/// finishing chunk of a stream.
struct DeepSeekSimulation: ChatCompletionsProvider {
    let id = "deepseek"
    var streamUsage: StreamUsage { .finishChunk }
    var reportsCacheSplit: Bool { true }

    func reasons(model: String) -> Bool {
        model.contains("reasoner")
    }

    func errorBody(_ failure: SimulatedFailure) -> ByteBuffer {
        WireJSON.buffer(Self.error(failure))
    }

    func streamErrorFrame() -> ByteBuffer {
        SSEFrame.data(Self.error(.injected(status: 500)))
    }

    /// DeepSeek's wording for each failure (its error codes page: 400, 401, 402, 422, 429, 500, 503).
    static func error(_ failure: SimulatedFailure) -> OpenAIErrorBody {
        switch failure.reason {
        case .missingKey, .invalidKey:
            return OpenAIErrorBody(
                message: "Authentication Fails, Your api key: ****-key is invalid",
                type: "authentication_error", code: "invalid_request_error"
            )
        case .invalidRequest:
            return OpenAIErrorBody(
                message: failure.message ?? "Invalid format.", type: "invalid_request_error",
                code: "invalid_request_error")
        case .notFound:
            return OpenAIErrorBody(message: "Not Found", type: "invalid_request_error", code: "invalid_request_error")
        case .injected:
            break
        }
        switch failure.status {
        case 401:
            return OpenAIErrorBody(
                message: "Authentication Fails (simulated)", type: "authentication_error", code: "invalid_request_error"
            )
        case 402:
            return OpenAIErrorBody(
                message: "Insufficient Balance", type: "unknown_error", code: "invalid_request_error")
        case 429:
            return OpenAIErrorBody(
                message: "Rate Limit Reached (simulated)", type: "rate_limit_error", code: "rate_limit_reached")
        case 503:
            return OpenAIErrorBody(
                message: "Server Overloaded (simulated)", type: "server_error", code: "server_overloaded")
        case 500..<600:
            return OpenAIErrorBody(message: "Server Error (simulated)", type: "server_error", code: "server_error")
        default:
            return OpenAIErrorBody(
                message: "Simulated error \(failure.status).", type: "invalid_request_error",
                code: "invalid_request_error")
        }
    }
}
