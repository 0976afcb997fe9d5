import Hummingbird

/// xAI's Chat Completions API (`/xai/v1/chat/completions`): the OpenAI shape for answers and chunks,
/// a running `usage` on every chunk, and xAI's own error body,
/// `{"code": "<status text>", "error": "<message>"}` (a string, not an object), as the real API sends it.
struct XAISimulation: ChatCompletionsProvider {
    let id = "xai"
    var streamUsage: StreamUsage { .everyChunk }

    func errorBody(_ failure: SimulatedFailure) -> ByteBuffer {
        WireJSON.buffer(Self.error(failure))
    }

    func streamErrorFrame() -> ByteBuffer {
        SSEFrame.data(Self.error(.injected(status: 500)))
    }

    /// xAI's error body.
    struct ErrorBody: Encodable, Sendable {
        var code: String
        var error: String
    }

    /// xAI's wording for each failure (gRPC-style status texts in `code`).
    static func error(_ failure: SimulatedFailure) -> ErrorBody {
        switch failure.reason {
        case .missingKey:
            return ErrorBody(
                code: "The request does not have valid authentication credentials for the operation",
                error: "No API key provided. Supply an Authorization: Bearer header.")
        case .invalidKey:
            return ErrorBody(
                code: "The request does not have valid authentication credentials for the operation",
                error: "Incorrect API key provided: si***ey. You can obtain an API key from https://console.x.ai.")
        case .invalidRequest:
            return ErrorBody(code: "Client specified an invalid argument", error: failure.message ?? "Invalid request.")
        case .notFound:
            return ErrorBody(code: "Some requested entity was not found", error: "Not found.")
        case .injected:
            break
        }
        switch failure.status {
        case 400: return ErrorBody(code: "Client specified an invalid argument", error: "Simulated invalid argument.")
        case 401:
            return ErrorBody(
                code: "The request does not have valid authentication credentials for the operation",
                error: "Simulated authentication failure.")
        case 403:
            return ErrorBody(
                code: "The caller does not have permission to execute the specified operation",
                error: "Simulated permission failure.")
        case 404: return ErrorBody(code: "Some requested entity was not found", error: "Simulated missing model.")
        case 429: return ErrorBody(code: "Some resource has been exhausted", error: "Simulated rate limit.")
        case 503: return ErrorBody(code: "The service is currently unavailable", error: "Simulated unavailability.")
        case 500..<600: return ErrorBody(code: "Internal error", error: "Simulated internal error.")
        default: return ErrorBody(code: "Unknown error", error: "Simulated error \(failure.status).")
        }
    }
}
