/// The pure mapping of one provider's media APIs: submission out and in, polling out and in.
/// No I/O: `MediaAdapter` runs a mapping over the shared transport. One provider may serve several
/// kinds of model (images, speech, transcription, video): switch on `request.slug` / `category`.
public protocol MediaMapping: Sendable {
    /// The provider id this mapping speaks for (the catalog's `provider`).
    static var providerID: String { get }
    /// How the provider takes its key.
    static var auth: ProviderEndpoint.Auth { get }
    /// The provider's public base URL.
    static var defaultBaseURL: String { get }
    /// The catalog slugs this mapping serves.
    static var slugs: Set<String> { get }
    /// Whether the provider takes input files (`url` params) as bytes in the request, which the gateway then
    /// fetches for it, rather than as URLs it fetches itself. False unless a mapping says so.
    static var takesInputBytes: Bool { get }

    /// The HTTP request that starts (or, for sync APIs, performs) the generation.
    static func submitRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest
    /// The meaning of the submission's answer (any status: map non-2xx to a failure).
    static func submitResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaSubmission
    /// The HTTP request that polls a submitted job.
    static func pollRequest(upstreamID: String, request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest
    /// The meaning of a poll's answer (any status).
    static func pollResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure) -> MediaPoll
}

extension MediaMapping {
    public static var takesInputBytes: Bool { false }

    public static func pollRequest(upstreamID: String, request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest
    {
        throw ProviderFailure(.unsupported, "This provider has no jobs to poll.")
    }

    public static func pollResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaPoll
    {
        throw ProviderFailure(.unsupported, "This provider has no jobs to poll.")
    }
}

/// A provider that makes media: the job runner's only view of one.
public protocol MediaProvider: Sendable {
    var providerID: String { get }
    /// Whether input files go to the provider as bytes (see `MediaMapping.takesInputBytes`).
    var takesInputBytes: Bool { get }
    func submit(_ request: MediaRequest) async throws(ProviderFailure) -> MediaSubmission
    func poll(upstreamID: String, request: MediaRequest) async throws(ProviderFailure) -> MediaPoll
    /// Downloads a result file the provider links to (with our credentials where the provider needs them).
    func download(_ url: String, maxBytes: Int) async throws(ProviderFailure) -> (bytes: [UInt8], contentType: String?)
}

/// Any `MediaMapping` run over the shared transport.
public struct MediaAdapter<Mapping: MediaMapping>: MediaProvider {
    let transport: ProviderTransport
    let endpoint: ProviderEndpoint

    public init(_ mapping: Mapping.Type, transport: ProviderTransport, endpoint: ProviderEndpoint) {
        self.transport = transport
        self.endpoint = endpoint
    }

    public var providerID: String { Mapping.providerID }

    public var takesInputBytes: Bool { Mapping.takesInputBytes }

    public func submit(_ request: MediaRequest) async throws(ProviderFailure) -> MediaSubmission {
        let response = try await transport.send(try Mapping.submitRequest(request), to: endpoint)
        return try Mapping.submitResponse(response, request: request)
    }

    public func poll(upstreamID: String, request: MediaRequest) async throws(ProviderFailure) -> MediaPoll {
        let response = try await transport.send(
            try Mapping.pollRequest(upstreamID: upstreamID, request: request), to: endpoint)
        return try Mapping.pollResponse(response, request: request)
    }

    public func download(_ url: String, maxBytes: Int) async throws(ProviderFailure) -> (
        bytes: [UInt8], contentType: String?
    ) {
        // Some results are API paths (`/v1/videos/{id}/content`) served by the provider behind our key.
        let absolute = url.hasPrefix("/") ? endpoint.baseURL + url : url
        let response = try await transport.fetch(absolute, endpoint: endpoint, maxBytes: maxBytes)
        guard (200..<300).contains(response.status) else { throw ProviderFailure.fromStatus(response.status) }
        return (response.body, response.header("content-type"))
    }
}
