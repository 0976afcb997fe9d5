/// A provider that generates text: the server's only view of an LLM provider.
public protocol TextProvider: Sendable {
    /// The provider id (`openai`, `anthropic`, …).
    var providerID: String { get }
    /// Generates a whole answer.
    func complete(_ request: ChatRequest) async throws(ProviderFailure) -> ChatResult
    /// Streams an answer, handing each event to `event` on the calling task as it arrives. Returns after
    /// the `.finish` event; throws a `ProviderFailure` otherwise (also when the upstream stream is cut
    /// before it finished). Cancelling the calling task closes the upstream connection. It has no read
    /// timeout of its own: the caller gives up after `stallTimeout` without an event.
    func stream(_ request: ChatRequest, _ event: (ChatStreamEvent) async -> Void) async throws(ProviderFailure)
    /// How long a stream may go without an event before it counts as stalled (the endpoint's read timeout).
    var stallTimeout: Duration { get }
}

/// Any `ChatMapping` run over the shared transport.
public struct ChatAdapter<Mapping: ChatMapping>: TextProvider {
    let transport: ProviderTransport
    let endpoint: ProviderEndpoint

    public init(_ mapping: Mapping.Type, transport: ProviderTransport, endpoint: ProviderEndpoint) {
        self.transport = transport
        self.endpoint = endpoint
    }

    public var providerID: String { Mapping.providerID }

    public var stallTimeout: Duration { .milliseconds(Int64(endpoint.readTimeoutSeconds * 1000)) }

    public func complete(_ request: ChatRequest) async throws(ProviderFailure) -> ChatResult {
        let upstream = try Mapping.request(request, stream: false)
        let response = try await transport.send(upstream, to: endpoint)
        guard (200..<300).contains(response.status) else {
            throw Mapping.failure(
                status: response.status, body: response.body,
                retryAfter: response.header("retry-after").flatMap(Double.init))
        }
        return try Mapping.response(response.body)
    }

    public func stream(_ request: ChatRequest, _ event: (ChatStreamEvent) async -> Void) async throws(ProviderFailure) {
        let upstream = try Mapping.request(request, stream: true)
        do {
            try await transport.stream(upstream, to: endpoint) { status, headers, body in
                guard (200..<300).contains(status) else {
                    var collected: [UInt8] = []
                    for try await chunk in body where collected.count < 1 << 16 { collected += chunk.readableBytesView }
                    let retryAfter = headers.first { $0.0.lowercased() == "retry-after" }.flatMap { Double($0.1) }
                    throw Mapping.failure(status: status, body: collected, retryAfter: retryAfter)
                }
                var parser = ServerSentEventParser()
                var state = Mapping.makeStreamState()
                var finished = false
                // `event` may wait (the client reads slowly): the body is not read meanwhile, which slows the provider.
                func handle(_ sent: ServerSentEvent) async throws {
                    for meaning in try Mapping.streamEvent(sent, state: &state) {
                        if case .finish = meaning { finished = true }
                        await event(meaning)
                    }
                }
                for try await chunk in body {
                    for sent in parser.feed(chunk.readableBytesView) { try await handle(sent) }
                }
                if let last = parser.finish() { try await handle(last) }
                guard finished else {
                    throw ProviderFailure(.connection, "The provider's stream ended before it finished.")
                }
            }
        } catch {
            throw ProviderTransport.failure(from: error)
        }
    }
}
