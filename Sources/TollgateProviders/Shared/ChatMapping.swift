/// The pure mapping of one provider's chat API: request out, response or error in, stream event in.
/// No I/O: `ChatAdapter` runs a mapping over the shared transport.
public protocol ChatMapping: Sendable {
    /// Per-stream state a mapping keeps between events (e.g. Anthropic's usage split over events).
    associatedtype StreamState: Sendable = Void

    /// The provider id this mapping speaks for.
    static var providerID: String { get }
    /// How the provider takes its key.
    static var auth: ProviderEndpoint.Auth { get }
    /// The provider's public base URL.
    static var defaultBaseURL: String { get }

    /// The HTTP request for `chat`, buffered or streamed.
    static func request(_ chat: ChatRequest, stream: Bool) throws(ProviderFailure) -> UpstreamRequest
    /// The result from a 2xx buffered response body.
    static func response(_ body: [UInt8]) throws(ProviderFailure) -> ChatResult
    /// The meaning of one stream event; an error event throws.
    static func streamEvent(_ event: ServerSentEvent, state: inout StreamState) throws(ProviderFailure)
        -> [ChatStreamEvent]
    /// A fresh stream state.
    static func makeStreamState() -> StreamState
    /// The failure for a non-2xx response, from its status and body.
    static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure
}

extension ChatMapping where StreamState == Void {
    public static func makeStreamState() -> Void { () }
}
