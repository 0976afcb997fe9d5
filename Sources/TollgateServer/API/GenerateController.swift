import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateProviders
import TollgateServices
import TollgateStore

/// `POST /api/v2/generate`, `POST /api/v2/generate/stream` and `GET /api/v2/generate/{id}` (SPEC §5, §6).
struct GenerateController {
    let generations: GenerationService
    let users: UserService
    let catalog: Catalog
    let baseURL: PublicBaseURL

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("generate") { request, context in try await generate(request, context: context, forceStream: false) }
        group.post("generate/stream") { request, context in
            try await generate(request, context: context, forceStream: true)
        }
        group.get("generate/:id") { request, context in try await show(request, context) }
        group.get("generate/status/:id") { request, context in try await show(request, context) }
    }

    func generate(_ request: Request, context: AppRequestContext, forceStream: Bool) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await JSONBody.decode(JSONValue.self, from: request, context: context)
        let input = try await users.generationInput(
            body, catalog: catalog, forceStream: forceStream, accountID: principal.accountID)
        let base = baseURL.resolve(request)
        let call = GenerationCall(
            principal: principal, input: input, idempotency: try Self.idempotencyClaim(request.headers, body: body),
            waitsForResult: false, baseURL: base, logger: context.logger)
        if input.stream {
            switch try await generations.startStream(call) {
            case .replay(let status, let body): return Self.replayStream(status: status, body: body)
            case .stream(let stream):
                return Self.eventStream(stream, on: context.channel, sink: NativeStreamSink.init)
            }
        }
        switch try await generations.generate(call) {
        case .replay(let status, let body):
            return Self.replay(status: status, body: body)
        case .generation(let result, let rate):
            let response =
                try result.failure?.response(from: request, context: context)
                ?? JSONBody.response(GenerationView.json(result.generation, balance: result.balance, baseURL: base))
            return Self.withRateHeaders(response, rate)
        }
    }

    /// The first answer to an idempotent request, replayed.
    static func replay(status: Int, body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The first answer to an idempotent *streamed* request, replayed as the stream it was: the generation's
    /// start, its whole text as one delta and its end — or its error event — then `[DONE]`. An answer given
    /// before any stream began (a refusal: 402, 429, …) replays as the JSON error it was.
    static func replayStream(status: Int, body: String) -> Response {
        guard let answer = (try? JSONValue(parsing: body))?.objectValue else {
            return replay(status: status, body: body)
        }
        var events: [JSONValue] = []
        if status == 200, let id = answer["id"]?.intValue {
            events.append(["type": "generation_start", "id": .int(id), "model": answer["model_slug"] ?? .null])
            if let text = answer["result_text"]?.stringValue, !text.isEmpty {
                events.append(["type": "content_delta", "delta": .string(text)])
            }
            events.append([
                "type": "generation_end", "id": .int(id), "tokens_spent": answer["tokens_spent"] ?? .int(0),
                "tokens_used": answer["tokens_spent"] ?? .int(0),
                "balance_remaining": answer["balance_remaining"] ?? .null,
            ])
        } else if let id = answer["details"]?.objectValue?["generation_id"]?.intValue {
            events.append([
                "type": "error", "id": .int(id), "code": answer["error"] ?? .string("provider_error"),
                "message": answer["message"] ?? .string(""),
            ])
        } else {
            return replay(status: status, body: body)
        }
        let text = events.map { "data: " + (JSONText.encode($0) ?? "{}") + "\n\n" }.joined() + "data: [DONE]\n\n"
        var headers = EventStreamWriter.headers
        headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The answer of a streamed text generation on any API surface: server-sent events written by the sink
    /// `makeSink` makes for the response, relayed on the client connection's loop, with the admission's
    /// rate-limit headers.
    static func eventStream<Sink: EventStreamSink>(
        _ stream: GenerationStream, on channel: any Channel,
        sink makeSink: @escaping @Sendable (EventStreamWriter) -> Sink
    ) -> Response {
        withRateHeaders(
            Response(
                status: .ok, headers: EventStreamWriter.headers,
                body: ResponseBody { writer in
                    var sink = makeSink(EventStreamWriter(writer, channel: channel))
                    _ = try await stream.relay(to: &sink, on: channel.eventLoop)
                    try? await sink.events.writer.finish(nil)
                }), stream.rate)
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let id = context.parameters.get("id", as: Int64.self),
            let (generation, balance) = try await generations.find(id: id, accountID: principal.accountID)
        else { throw APIError.notFound("No such generation.") }
        return JSONBody.response(
            GenerationView.json(
                generation, balance: balance, baseURL: baseURL.resolve(request), now: generations.nowMilliseconds))
    }

    /// The claim for an `Idempotency-Key` header: the key and a fingerprint of the body (key order ignored).
    static func idempotencyClaim(_ headers: HTTPFields, body: JSONValue) throws -> IdempotencyClaim? {
        guard let key = headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard !key.isEmpty, key.count <= 255 else {
            throw APIError.validation(["Idempotency-Key": "must be 1 to 255 characters"])
        }
        let canonical = JSONText.encode(body) ?? ""
        let fingerprint = Hex.lowercase(SHA256.hash(data: Array(canonical.utf8)))
        return IdempotencyClaim(key: key, fingerprint: fingerprint)
    }

    static func withRateHeaders(_ response: Response, _ rate: RateLimitState) -> Response {
        var response = response
        for (name, value) in rate.headers { response.headers[HTTPField.Name(name)!] = value }
        return response
    }
}

/// The native SSE events of SPEC §6.
struct NativeStreamSink: EventStreamSink {
    var events: EventStreamWriter

    mutating func start(_ admission: Admission) async throws {
        try await events.send([
            "type": "generation_start", "id": .int(admission.generation.id),
            "model": .string(admission.generation.modelSlug),
        ])
    }

    mutating func delta(_ text: String) async throws {
        try await events.send(["type": "content_delta", "delta": .string(text)])
    }

    mutating func keepAlive() async throws {
        try await events.keepAlive()
    }

    mutating func end(_ settled: GenerationResult, usage: TokenUsage?) async throws {
        try await events.send([
            "type": "generation_end", "id": .int(settled.generation.id),
            "tokens_spent": .int(settled.generation.tokensSpent),
            "tokens_used": .int(settled.generation.tokensSpent), "balance_remaining": .int(settled.balance),
        ])
        try await events.done()
    }

    mutating func fail(_ error: APIError, _ settled: GenerationResult) async throws {
        try await events.send([
            "type": "error", "id": .int(settled.generation.id), "code": .string(error.code),
            "message": .string(error.message),
        ])
        try await events.done()
    }
}
