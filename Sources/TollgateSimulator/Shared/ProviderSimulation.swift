import Hummingbird

/// One provider's wire format: how it authenticates, what its requests, answers, streams and errors
/// look like. `SimulatorResponder` runs the same flow for every provider around these mappings.
protocol ProviderSimulation: Sendable {
    /// The provider id: the route prefix, and the name in answers (`[simulated <id> <model>]`).
    var id: String { get }

    /// Checks the request's credentials and required headers; returns the refusal, if any.
    func authenticate(_ request: Request) -> SimulatedFailure?

    /// Reads the request body. `route` carries what the path says (Gemini: model and stream).
    func parse(_ body: ByteBuffer, route: RouteFacts) throws(SimulatedFailure) -> ChatTurn

    /// The error response for `failure`, in the provider's format.
    func errorResponse(_ failure: SimulatedFailure) -> Response

    /// The buffered answer's JSON body.
    func completion(_ exchange: Exchange) -> ByteBuffer

    /// The streamed answer.
    func stream(_ exchange: Exchange) -> any StreamScript

    /// The `content-type` of the streamed answer to `turn`.
    func streamContentType(_ turn: ChatTurn) -> String
}

extension ProviderSimulation {
    func streamContentType(_ turn: ChatTurn) -> String { "text/event-stream; charset=utf-8" }

    /// A JSON response with `status`.
    func jsonResponse(status: Int, body: ByteBuffer) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}

/// What a route's path says about the request, beyond its body.
struct RouteFacts: Sendable {
    /// The model named in the path (Gemini).
    var model: String?
    /// Whether the path asks for a stream (Gemini's `:streamGenerateContent`).
    var stream: Bool?
    /// Whether the stream is server-sent events rather than a JSON array (Gemini's `alt=sse`).
    var sse = true
}

/// The key sent in `Authorization: Bearer <key>`, if any.
func bearerKey(_ request: Request) -> String? {
    guard let value = request.headers[.authorization] else { return nil }
    let parts = value.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
    let key = parts[1].trimmingSpaces
    return key.isEmpty ? nil : String(key)
}

/// The failure for a key: missing, refused, or `nil` when accepted.
func keyFailure(_ key: String?) -> SimulatedFailure? {
    guard let key, !key.isEmpty else { return .missingKey }
    return key == SimulatedFailure.refusedKey ? .invalidKey : nil
}

extension HTTPFields {
    /// The first value of the header named `name` (lowercase), if present.
    func value(named name: String) -> String? {
        first(where: { $0.name.canonicalName == name })?.value
    }
}
