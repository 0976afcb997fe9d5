import Foundation
import HTTPTypes
import Hummingbird
import TollgateCore
import TollgateProviders
import TollgateServices

/// The OpenAI-compatible surface [ext]: `GET /v1/models` and `POST /v1/chat/completions`, billed exactly
/// like the native API, so the official OpenAI SDKs work with only a base URL and a key.
struct OpenAICompatController {
    let generations: GenerationService
    let catalog: Catalog

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("models") { _, _ in
            JSONBody.response(
                JSONValue.object([
                    "object": "list",
                    "data": .array(
                        catalog.models.map { model in
                            [
                                "id": .string(model.slug), "object": "model", "created": 1_767_225_600,
                                "owned_by": .string(model.providerDisplayName),
                            ]
                        }),
                ]))
        }
        group.post("chat/completions") { request, context in try await chat(request, context: context) }
    }

    func chat(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard case .object(let body) = try await JSONBody.decode(JSONValue.self, from: request, context: context) else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        guard let messagesValue = body["messages"] else {
            throw APIError.badRequest("Missing required field 'messages'.")
        }
        if let n = body["n"]?.intValue, n != 1 { throw APIError.validation(["n": "only 1 is supported"]) }
        let messages = try ChatMessages.parse(messagesValue, field: "messages", allowImages: true)
        var options: [String: JSONValue] = [:]
        for key in [
            "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty", "reasoning_effort", "verbosity",
        ] {
            options[key] = body[key]
        }
        options["max_tokens"] = body["max_completion_tokens"] ?? body["max_tokens"]
        let stream = body["stream"]?.boolValue ?? false
        let input = try CompatInput.make(
            catalog: catalog, slug: body["model"], messages: messages, options: options, stream: stream)
        if !input.model.vision,
            messages.contains(where: { $0.parts.contains { if case .imageURL = $0 { true } else { false } } })
        {
            throw APIError.validation(["messages": "model \(input.model.slug) does not accept images"])
        }
        let call = GenerationCall(principal: principal, input: input, waitsForResult: true, logger: context.logger)
        if stream {
            let started = try await generations.startStream(call).admitted()
            let includeUsage = body["stream_options"]?.objectValue?["include_usage"]?.boolValue ?? false
            let created = started.admission.generation.createdAt / 1000
            return GenerateController.eventStream(started, on: context.channel) {
                OpenAIStreamSink(events: $0, created: created, includeUsage: includeUsage)
            }
        }
        let (settled, rate) = try await generations.generate(call).succeeded()
        let created = settled.generation.createdAt / 1000
        let usage = JSONText.decode(settled.generation.usage)
        return GenerateController.withRateHeaders(
            JSONBody.response(
                JSONValue.object([
                    "id": .string("chatcmpl-\(settled.generation.id)"),
                    "object": "chat.completion",
                    "created": .int(created),
                    "model": .string(settled.generation.modelSlug),
                    "choices": [
                        [
                            "index": 0,
                            "message": ["role": "assistant", "content": .string(settled.generation.resultText ?? "")],
                            "finish_reason": "stop", "logprobs": nil,
                        ]
                    ],
                    "usage": Self.usage(usage),
                ])), rate)
    }

    static func usage(_ usage: JSONValue?) -> JSONValue {
        let input = usage?.objectValue?["input_tokens"]?.intValue ?? 0
        let output = usage?.objectValue?["output_tokens"]?.intValue ?? 0
        return ["prompt_tokens": .int(input), "completion_tokens": .int(output), "total_tokens": .int(input + output)]
    }
}

/// OpenAI `chat.completion.chunk` events.
struct OpenAIStreamSink: EventStreamSink {
    var events: EventStreamWriter
    let created: Int64
    let includeUsage: Bool
    var id = ""
    var model = ""

    func chunk(_ delta: JSONValue, finish: JSONValue = nil) -> JSONValue {
        [
            "id": .string(id), "object": "chat.completion.chunk", "created": .int(created), "model": .string(model),
            "choices": [["index": 0, "delta": delta, "finish_reason": finish, "logprobs": nil]],
        ]
    }

    mutating func start(_ admission: Admission) async throws {
        id = "chatcmpl-\(admission.generation.id)"
        model = admission.generation.modelSlug
        try await events.send(chunk(["role": "assistant", "content": ""]))
    }

    mutating func delta(_ text: String) async throws {
        try await events.send(chunk(["content": .string(text)]))
    }

    mutating func keepAlive() async throws {
        try await events.keepAlive()
    }

    mutating func end(_ settled: GenerationResult, usage: TokenUsage?) async throws {
        try await events.send(chunk([:], finish: "stop"))
        if includeUsage {
            try await events.send([
                "id": .string(id), "object": "chat.completion.chunk", "created": .int(created), "model": .string(model),
                "choices": [], "usage": OpenAICompatController.usage(JSONText.decode(settled.generation.usage)),
            ])
        }
        try await events.done()
    }

    mutating func fail(_ error: APIError, _ settled: GenerationResult) async throws {
        try await events.send(ErrorMiddleware.body(for: error, shape: .openAI))
        try await events.done()
    }
}
