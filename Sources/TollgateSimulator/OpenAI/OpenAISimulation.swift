import Hummingbird

/// OpenAI's Chat Completions API (`/openai/v1/chat/completions`), errors as
/// `{"error":{"message","type","param","code"}}`.
struct OpenAISimulation: ChatCompletionsProvider {
    let id = "openai"
    var sendsRefusal: Bool { true }

    func errorBody(_ failure: SimulatedFailure) -> ByteBuffer {
        WireJSON.buffer(Self.error(failure))
    }

    func streamErrorFrame() -> ByteBuffer {
        SSEFrame.data(Self.error(.injected(status: 500)))
    }

    /// OpenAI's wording and types for each failure.
    static func error(_ failure: SimulatedFailure) -> OpenAIErrorBody {
        switch failure.reason {
        case .missingKey:
            return OpenAIErrorBody(
                message:
                    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                type: "invalid_request_error"
            )
        case .invalidKey:
            return OpenAIErrorBody(
                message:
                    "Incorrect API key provided: sim-inva*****-key. You can find your API key at https://platform.openai.com/account/api-keys.",
                type: "invalid_request_error", code: "invalid_api_key"
            )
        case .invalidRequest:
            return OpenAIErrorBody(message: failure.message ?? "Invalid request.", type: "invalid_request_error")
        case .notFound:
            return OpenAIErrorBody(message: "Invalid URL.", type: "invalid_request_error")
        case .injected:
            break
        }
        switch failure.status {
        case 401:
            return OpenAIErrorBody(
                message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key")
        case 403:
            return OpenAIErrorBody(
                message: "Country, region, or territory not supported", type: "request_forbidden",
                code: "unsupported_country_region_territory")
        case 404:
            return OpenAIErrorBody(
                message: "The model does not exist or you do not have access to it.", type: "invalid_request_error",
                code: "model_not_found")
        case 429:
            return OpenAIErrorBody(
                message: "Rate limit reached for requests (simulated).", type: "requests", code: "rate_limit_exceeded")
        case 500..<600 where failure.status != 500:
            return OpenAIErrorBody(
                message: "The server is overloaded or not ready yet (simulated).", type: "server_error")
        case 500..<600:
            return OpenAIErrorBody(
                message: "The server had an error while processing your request. Sorry about that!",
                type: "server_error")
        default:
            return OpenAIErrorBody(message: "Simulated error \(failure.status).", type: "invalid_request_error")
        }
    }
}
