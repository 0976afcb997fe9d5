import Hummingbird

/// A provider speaking the Chat Completions format (OpenAI, DeepSeek, xAI): bearer-key auth, the same
/// request, answer and chunk shapes. Each provider supplies its id, its error format and the few
/// places where it differs.
protocol ChatCompletionsProvider: ProviderSimulation {
    /// The error body for `failure`, in this provider's format.
    func errorBody(_ failure: SimulatedFailure) -> ByteBuffer
    /// The error frame sent inside a stream (`error_after`).
    func streamErrorFrame() -> ByteBuffer
    /// Whether `model` shows its reasoning (`reasoning_content`, DeepSeek's reasoner).
    func reasons(model: String) -> Bool
    /// Where a stream reports usage.
    var streamUsage: StreamUsage { get }
    /// Whether usage splits the prompt into cache hits and misses (DeepSeek).
    var reportsCacheSplit: Bool { get }
    /// Whether messages carry OpenAI's `"refusal": null`.
    var sendsRefusal: Bool { get }
    /// The `system_fingerprint`, if the provider sends one.
    var systemFingerprint: String? { get }
    /// The response id prefix.
    var idPrefix: String { get }
}

extension ChatCompletionsProvider {
    func reasons(model: String) -> Bool { false }
    var streamUsage: StreamUsage { .separateChunkOnRequest }
    var reportsCacheSplit: Bool { false }
    var sendsRefusal: Bool { false }
    var systemFingerprint: String? { "fp_simulated" }
    var idPrefix: String { "chatcmpl-" }

    func authenticate(_ request: Request) -> SimulatedFailure? {
        keyFailure(bearerKey(request))
    }

    func parse(_ body: ByteBuffer, route: RouteFacts) throws(SimulatedFailure) -> ChatTurn {
        let request: ChatCompletionsRequest
        do {
            request = try WireJSON.decode(ChatCompletionsRequest.self, from: body)
        } catch {
            throw .invalidRequest("We could not parse the JSON body of your request.")
        }
        guard let model = request.model, !model.isEmpty else {
            throw .invalidRequest("you must provide a model parameter")
        }
        guard let messages = request.messages, !messages.isEmpty else {
            throw .invalidRequest("Missing required parameter: 'messages'.")
        }
        let texts = messages.map { $0.content?.text ?? "" }
        let prompt = messages.last(where: { $0.role == "user" })?.content?.text ?? texts.last ?? ""
        return ChatTurn(
            model: model,
            prompt: prompt,
            promptTokens: SimulatedTokens.count(texts),
            stream: request.stream ?? false,
            includeUsage: request.streamOptions?.includeUsage ?? false
        )
    }

    func errorResponse(_ failure: SimulatedFailure) -> Response {
        jsonResponse(status: failure.status, body: errorBody(failure))
    }

    /// The reasoning shown before the answer, for reasoning models.
    func reasoning(_ exchange: Exchange) -> SimulatedAnswer? {
        guard reasons(model: exchange.turn.model) else { return nil }
        return .reasoning(prompt: exchange.turn.prompt, chunks: exchange.knobs.effectiveChunks)
    }

    /// The usage of an exchange.
    func usage(_ exchange: Exchange, reasoning: SimulatedAnswer?) -> ChatUsage {
        let reasoningTokens = reasoning.map { SimulatedTokens.count($0.text) } ?? 0
        return ChatUsage(
            prompt: exchange.turn.promptTokens,
            completion: exchange.completionTokens + reasoningTokens,
            reasoning: reasoningTokens,
            cacheSplit: reportsCacheSplit
        )
    }

    func completion(_ exchange: Exchange) -> ByteBuffer {
        let reasoning = reasoning(exchange)
        let message = ChatCompletion.Message(
            content: exchange.answer.text,
            reasoningContent: reasoning?.text,
            refusal: sendsRefusal ? OrNull(nil) : nil
        )
        return WireJSON.buffer(
            ChatCompletion(
                id: exchange.responseID(prefix: idPrefix),
                created: exchange.created,
                model: exchange.turn.model,
                choices: [.init(message: message)],
                usage: usage(exchange, reasoning: reasoning),
                systemFingerprint: systemFingerprint.map { OrNull($0) }
            )
        )
    }

    func stream(_ exchange: Exchange) -> any StreamScript {
        let reasoning = reasoning(exchange)
        return ChatCompletionsStream(
            exchange: exchange,
            id: exchange.responseID(prefix: idPrefix),
            reasoning: reasoning,
            usage: usage(exchange, reasoning: reasoning),
            style: .init(
                usage: streamUsage,
                sendsRefusal: sendsRefusal,
                systemFingerprint: systemFingerprint,
                failureFrame: streamErrorFrame()
            )
        )
    }
}

/// Where a Chat Completions stream reports usage.
enum StreamUsage: Sendable {
    /// A last chunk with empty `choices`, only when `stream_options.include_usage` asks (OpenAI).
    case separateChunkOnRequest
    /// On the chunk with `finish_reason`, always (DeepSeek).
    case finishChunk
    /// A running total on every chunk, always (xAI).
    case everyChunk
}
