/// A provider that generates text: the server's only view of an LLM provider.
public protocol TextProvider: Sendable {
    /// The provider id (`openai`, `anthropic`, …).
    var providerID: String { get }
    /// Generates a whole answer.
    func complete(_ request: ChatRequest) async throws(ProviderFailure) -> ChatResult
    /// Streams an answer. The stream ends after a `.finish` event or throws a `ProviderFailure`
    /// (also when the upstream stream is cut before it finished). Ending iteration early cancels the
    /// upstream request and closes its connection.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error>
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

    public func complete(_ request: ChatRequest) async throws(ProviderFailure) -> ChatResult {
        let upstream = try Mapping.request(request, stream: false)
        let response = try await transport.send(upstream, to: endpoint)
        guard (200..<300).contains(response.status) else {
            throw Mapping.failure(
                status: response.status, body: response.body, retryAfter: response.header("retry-after").flatMap(Double.init))
        }
        return try Mapping.response(response.body)
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let transport = self.transport, endpoint = self.endpoint
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let upstream = try Mapping.request(request, stream: true)
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
                        func handle(_ event: ServerSentEvent) throws {
                            for meaning in try Mapping.streamEvent(event, state: &state) {
                                if case .finish = meaning { finished = true }
                                continuation.yield(meaning)
                            }
                        }
                        for try await chunk in body {
                            for event in parser.feed(chunk.readableBytesView) { try handle(event) }
                        }
                        if let last = parser.finish() { try handle(last) }
                        guard finished else { throw ProviderFailure(.connection, "The provider's stream ended before it finished.") }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: ProviderTransport.failure(from: error))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
