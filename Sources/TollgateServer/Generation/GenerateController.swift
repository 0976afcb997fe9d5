import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateProviders

/// `POST /api/v2/generate`, `POST /api/v2/generate/stream` and `GET /api/v2/generate/{id}` (SPEC §5, §6).
struct GenerateController {
    let generations: GenerationService
    let catalog: Catalog
    let keepAlive: Duration
    /// The configured public base URL of this instance, if any (else taken from the request's Host).
    let publicURL: String?

    /// The absolute base for file URLs in answers.
    func baseURL(_ request: Request) -> String {
        if let publicURL { return publicURL }
        return "http://" + (request.head.authority ?? "localhost")
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("generate") { request, context in try await generate(request, context: context, forceStream: false) }
        group.post("generate/stream") { request, context in try await generate(request, context: context, forceStream: true) }
        group.get("generate/:id") { request, context in try await show(request, context) }
        group.get("generate/status/:id") { request, context in try await show(request, context) }
    }

    func generate(_ request: Request, context: AppRequestContext, forceStream: Bool) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await JSONBody.decode(JSONValue.self, from: request, context: context)
        let input = try NativeGenerateRequest.parse(body, catalog: catalog, forceStream: forceStream)
        if input.model.category != .text { try await generations.checkInputs(input) }
        let claim = try Self.idempotencyClaim(request.headers, body: body)
        let baseURL = baseURL(request)
        let admission: Admission
        switch try await generations.admit(principal: principal, keyID: principal.keyID, input: input, idempotency: claim) {
        case .replay(let status, let body):
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        case .fresh(let admitted):
            admission = admitted
        }
        if input.stream {
            return stream(admission, input: input, baseURL: baseURL, on: context.eventLoop)
        }
        if input.model.isAsync {
            // Answered at once; the job runner takes it from here.
            let view = GenerationView.json(admission.generation, balance: admission.account.availableTokens, baseURL: baseURL)
            await generations.remember(admission, status: 200, body: JSONText.encode(view) ?? "{}")
            return Self.withRateHeaders(JSONBody.response(view), admission.rate)
        }
        let settled = input.model.category == .text
            ? try await generations.completeText(admission, input: input)
            : try await generations.completeMedia(admission, model: input.model)
        let response: Response
        if let failure = settled.failure {
            response = try failure.response(from: request, context: context)
            await generations.remember(admission, status: failure.httpStatus, body: JSONText.encode(failure.envelope) ?? "{}")
        } else {
            let view = GenerationView.json(settled.generation, balance: settled.balance, baseURL: baseURL)
            response = JSONBody.response(view)
            await generations.remember(admission, status: 200, body: JSONText.encode(view) ?? "{}")
        }
        return Self.withRateHeaders(response, admission.rate)
    }

    func stream(_ admission: Admission, input: GenerationInput, baseURL: String, on loop: any EventLoop) -> Response {
        let generations = self.generations
        return Self.eventStream(admission, input: input, generations: generations, keepAlive: keepAlive, on: loop, sink: NativeStreamSink.init) { settled in
            await generations.remember(
                admission, status: 200, body: JSONText.encode(GenerationView.json(settled.generation, balance: settled.balance, baseURL: baseURL)) ?? "{}")
        }
    }

    /// The answer of a streamed text generation on any API surface: server-sent events written by the sink
    /// `makeSink` makes for the response, relayed on `loop` (the client connection's), with the admission's
    /// rate-limit headers; `then` runs once the generation is settled, before the stream closes.
    static func eventStream<Sink: EventStreamSink>(
        _ admission: Admission, input: GenerationInput, generations: GenerationService, keepAlive: Duration, on loop: any EventLoop,
        sink makeSink: @escaping @Sendable (EventStreamWriter) -> Sink,
        then: @escaping @Sendable (GenerationService.Settled) async -> Void = { _ in }
    ) -> Response {
        withRateHeaders(Response(status: .ok, headers: EventStreamWriter.headers, body: ResponseBody { writer in
            var sink = makeSink(EventStreamWriter(writer))
            await then(try await generations.streamText(admission, input: input, keepAlive: keepAlive, on: loop, sink: &sink))
            try? await sink.events.writer.finish(nil)
        }), admission.rate)
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let id = context.parameters.get("id", as: Int64.self),
            let (generation, balance) = try await generations.find(id: id, accountID: principal.accountID)
        else { throw APIError.notFound("No such generation.") }
        return JSONBody.response(GenerationView.json(generation, balance: balance, baseURL: baseURL(request)))
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
        try await events.send(["type": "generation_start", "id": .int(admission.generation.id), "model": .string(admission.generation.modelSlug)])
    }

    mutating func delta(_ text: String) async throws {
        try await events.send(["type": "content_delta", "delta": .string(text)])
    }

    mutating func keepAlive() async throws {
        try await events.keepAlive()
    }

    mutating func end(_ settled: GenerationService.Settled, usage: TokenUsage?) async throws {
        try await events.send([
            "type": "generation_end", "id": .int(settled.generation.id), "tokens_spent": .int(settled.generation.tokensSpent),
            "tokens_used": .int(settled.generation.tokensSpent), "balance_remaining": .int(settled.balance),
        ])
        try await events.done()
    }

    mutating func fail(_ error: APIError, _ settled: GenerationService.Settled) async throws {
        try await events.send(["type": "error", "id": .int(settled.generation.id), "code": .string(error.code), "message": .string(error.message)])
        try await events.done()
    }
}
