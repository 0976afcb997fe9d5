import Foundation
import HTTPTypes
import Hummingbird
import TollgateCore
import TollgateProviders
import TollgateServices

/// The Anthropic-compatible surface [ext]: `POST /v1/messages`, stream and not, billed like the native API.
struct AnthropicCompatController {
    let generations: GenerationService
    let catalog: Catalog

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("messages") { request, context in try await messages(request, context: context) }
    }

    func messages(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard case .object(let body) = try await JSONBody.decode(JSONValue.self, from: request, context: context) else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        guard let messagesValue = body["messages"] else {
            throw APIError.badRequest("Missing required field 'messages'.")
        }
        var messages: [ChatMessage] = []
        if let system = body["system"], !system.isNull {
            messages.append(ChatMessage(role: .system, parts: try Self.parts(system, path: "system")))
        }
        guard case .array(let items) = messagesValue else {
            throw APIError.validation(["messages": "must be an array"])
        }
        for (index, item) in items.enumerated() {
            guard case .object(let message) = item, let roleText = message["role"]?.stringValue,
                roleText == "user" || roleText == "assistant", let role = ChatRole(rawValue: roleText)
            else { throw APIError.validation(["messages[\(index)].role": "must be user or assistant"]) }
            messages.append(
                ChatMessage(role: role, parts: try Self.parts(message["content"], path: "messages[\(index)].content")))
        }
        var options: [String: JSONValue] = [:]
        for key in ["temperature", "top_p", "top_k", "max_tokens"] { options[key] = body[key] }
        options["stop"] = body["stop_sequences"]
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
            return GenerateController.eventStream(started, on: context.channel, sink: AnthropicStreamSink.init)
        }
        let (settled, rate) = try await generations.generate(call).succeeded()
        let usage = JSONText.decode(settled.generation.usage)?.objectValue
        return GenerateController.withRateHeaders(
            JSONBody.response(
                JSONValue.object([
                    "id": .string("msg_\(settled.generation.id)"), "type": "message", "role": "assistant",
                    "model": .string(settled.generation.modelSlug),
                    "content": [["type": "text", "text": .string(settled.generation.resultText ?? "")]],
                    "stop_reason": "end_turn", "stop_sequence": nil,
                    "usage": [
                        "input_tokens": usage?["input_tokens"] ?? 0, "output_tokens": usage?["output_tokens"] ?? 0,
                    ],
                ])), rate)
    }

    /// Anthropic content: a string, or blocks of `text` and `image` (source `url` or `base64`).
    static func parts(_ content: JSONValue?, path: String) throws -> [ContentPart] {
        switch content {
        case .string(let text)?:
            return [.text(text)]
        case .array(let blocks)?:
            return try blocks.enumerated().compactMap { index, block in
                guard case .object(let fields) = block, let type = fields["type"]?.stringValue else {
                    throw APIError.validation(["\(path)[\(index)]": "must be a content block"])
                }
                switch type {
                case "text":
                    return .text(fields["text"]?.stringValue ?? "")
                case "image":
                    let source = fields["source"]?.objectValue
                    if source?["type"]?.stringValue == "url", let url = source?["url"]?.stringValue {
                        return .imageURL(url)
                    }
                    if source?["type"]?.stringValue == "base64", let media = source?["media_type"]?.stringValue,
                        let data = source?["data"]?.stringValue
                    {
                        return .imageURL("data:\(media);base64,\(data)")
                    }
                    throw APIError.validation(["\(path)[\(index)].source": "must be a url or base64 image source"])
                default:
                    throw APIError.validation(["\(path)[\(index)].type": "must be text or image"])
                }
            }
        default:
            throw APIError.validation([path: "must be a string or an array of content blocks"])
        }
    }
}

/// Anthropic Messages stream events.
struct AnthropicStreamSink: EventStreamSink {
    var events: EventStreamWriter

    mutating func event(_ name: String, _ data: JSONValue) async throws {
        try await events.raw("event: \(name)\ndata: \(JSONText.encode(data) ?? "{}")\n\n")
    }

    mutating func start(_ admission: Admission) async throws {
        try await event(
            "message_start",
            [
                "type": "message_start",
                "message": [
                    "id": .string("msg_\(admission.generation.id)"), "type": "message", "role": "assistant",
                    "model": .string(admission.generation.modelSlug), "content": [], "stop_reason": nil,
                    "stop_sequence": nil,
                    "usage": ["input_tokens": 0, "output_tokens": 0],
                ],
            ])
        try await event(
            "content_block_start",
            ["type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""]])
    }

    mutating func delta(_ text: String) async throws {
        try await event(
            "content_block_delta",
            ["type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": .string(text)]])
    }

    mutating func keepAlive() async throws {
        try await event("ping", ["type": "ping"])
    }

    mutating func end(_ settled: GenerationResult, usage: TokenUsage?) async throws {
        try await event("content_block_stop", ["type": "content_block_stop", "index": 0])
        try await event(
            "message_delta",
            [
                "type": "message_delta", "delta": ["stop_reason": "end_turn", "stop_sequence": nil],
                "usage": ["output_tokens": .int(Int64(usage?.outputTokens ?? 0))],
            ])
        try await event("message_stop", ["type": "message_stop"])
    }

    mutating func fail(_ error: APIError, _ settled: GenerationResult) async throws {
        try await event("error", ErrorMiddleware.body(for: error, shape: .anthropic))
    }
}
