import Hummingbird

/// Google's Gemini API (`/google/v1beta/models/{model}:generateContent` and
/// `:streamGenerateContent`): key in `x-goog-api-key` or `?key=`, errors as
/// `{"error":{"code","message","status"}}`.
struct GeminiSimulation: ProviderSimulation {
    let id = "google"

    /// The route facts of a `{model}:{method}` path segment, or `nil` for an unknown method.
    static func route(action: String, query alt: String?) -> RouteFacts? {
        let segment = action.removingPercentEncoding ?? action
        guard let colon = segment.lastIndex(of: ":") else { return nil }
        let model = String(segment[..<colon])
        guard !model.isEmpty else { return nil }
        switch segment[segment.index(after: colon)...] {
        case "generateContent": return RouteFacts(model: model, stream: false)
        case "streamGenerateContent": return RouteFacts(model: model, stream: true, sse: alt == "sse")
        default: return nil
        }
    }

    func authenticate(_ request: Request) -> SimulatedFailure? {
        let key = request.headers.value(named: "x-goog-api-key") ?? request.uri.queryParameters.get("key")
        return keyFailure(key)
    }

    func parse(_ body: ByteBuffer, route: RouteFacts) throws(SimulatedFailure) -> ChatTurn {
        let request: GeminiRequest
        do {
            request = try WireJSON.decode(GeminiRequest.self, from: body)
        } catch {
            throw .invalidRequest("Invalid JSON payload received.")
        }
        guard let contents = request.contents, !contents.isEmpty else {
            throw .invalidRequest("* GenerateContentRequest.contents: contents is not specified\n")
        }
        let texts = [request.systemInstruction?.text ?? ""] + contents.map(\.text)
        let prompt = contents.last(where: { $0.role == nil || $0.role == "user" })?.text ?? texts.last ?? ""
        var turn = ChatTurn(
            model: route.model ?? "gemini", prompt: prompt, promptTokens: SimulatedTokens.count(texts),
            stream: route.stream ?? false)
        turn.sse = route.sse
        return turn
    }

    func errorResponse(_ failure: SimulatedFailure) -> Response {
        jsonResponse(status: failure.status, body: WireJSON.buffer(Self.error(failure)))
    }

    func streamContentType(_ turn: ChatTurn) -> String {
        turn.sse ? "text/event-stream" : "application/json; charset=UTF-8"
    }

    /// Google's status name and wording for each failure. A missing or refused key answers 401
    /// UNAUTHENTICATED with reason `API_KEY_INVALID` (the real API says 400 or 403 there; see the
    /// module notes).
    static func error(_ failure: SimulatedFailure) -> GeminiErrorBody {
        let status = failure.status
        switch failure.reason {
        case .missingKey:
            return GeminiErrorBody(
                code: status,
                message:
                    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
                status: "UNAUTHENTICATED", reason: "API_KEY_INVALID")
        case .invalidKey:
            return GeminiErrorBody(
                code: status, message: "API key not valid. Please pass a valid API key.", status: "UNAUTHENTICATED",
                reason: "API_KEY_INVALID")
        case .invalidRequest:
            return GeminiErrorBody(
                code: status, message: failure.message ?? "Invalid request.", status: "INVALID_ARGUMENT")
        case .notFound:
            return GeminiErrorBody(code: 404, message: "Method not found.", status: "NOT_FOUND")
        case .injected:
            break
        }
        switch status {
        case 400:
            return GeminiErrorBody(
                code: status, message: "Request contains an invalid argument.", status: "INVALID_ARGUMENT")
        case 401:
            return GeminiErrorBody(
                code: status, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED")
        case 403:
            return GeminiErrorBody(
                code: status, message: "The caller does not have permission", status: "PERMISSION_DENIED")
        case 404:
            return GeminiErrorBody(
                code: status, message: "models/simulated is not found for API version v1beta.", status: "NOT_FOUND")
        case 429:
            return GeminiErrorBody(
                code: status, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED")
        case 499: return GeminiErrorBody(code: status, message: "The operation was cancelled.", status: "CANCELLED")
        case 503:
            return GeminiErrorBody(
                code: status, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE")
        case 504: return GeminiErrorBody(code: status, message: "Deadline exceeded.", status: "DEADLINE_EXCEEDED")
        case 500..<600:
            return GeminiErrorBody(
                code: status,
                message:
                    "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
                status: "INTERNAL")
        default:
            return GeminiErrorBody(code: status, message: "Simulated error \(status).", status: "FAILED_PRECONDITION")
        }
    }

    func completion(_ exchange: Exchange) -> ByteBuffer {
        WireJSON.buffer(
            GeminiResponse(
                candidates: [.init(content: .init(parts: [.init(text: exchange.answer.text)]), finishReason: "STOP")],
                usageMetadata: .init(prompt: exchange.turn.promptTokens, candidates: exchange.completionTokens),
                modelVersion: exchange.turn.model,
                responseId: exchange.responseID(prefix: "")
            )
        )
    }

    func stream(_ exchange: Exchange) -> any StreamScript {
        GeminiStream(exchange: exchange, responseID: exchange.responseID(prefix: ""))
    }
}
