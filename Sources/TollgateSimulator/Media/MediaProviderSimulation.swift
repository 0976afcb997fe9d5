import Foundation
import Hummingbird

/// One provider's media API as the simulator speaks it: how it checks credentials and what its errors
/// look like. `MediaResponder` runs the shared flow (knobs, auth, injected errors, latency) around it.
protocol MediaProviderSimulation: Sendable {
    /// The provider id: the route prefix, and the name in answers (`[simulated <id> <model>]`).
    var id: String { get }

    /// Checks the request's credentials; returns the refusal, if any.
    func authenticate(_ request: Request) -> SimulatedFailure?

    /// The error response for `failure`, in the provider's format.
    func errorResponse(_ failure: SimulatedFailure) -> Response

    /// The answer to a job id the simulator does not know (the provider's 404).
    func unknownJob() -> Response
}

extension MediaProviderSimulation {
    /// A JSON response.
    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: WireJSON.buffer(value)))
    }

    /// A binary response (audio, video, an image) with its content type.
    func file(_ bytes: [UInt8], contentType: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// By default, the provider's 404 for `.notFound`.
    func unknownJob() -> Response {
        errorResponse(SimulatedFailure(status: 404, reason: .notFound))
    }
}

/// An ISO 8601 timestamp with milliseconds, in UTC (`2025-01-31T12:00:00.123Z`).
func isoTimestamp(_ date: Date) -> String {
    var style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    style.timeZone = TimeZone(identifier: "UTC")!
    return date.formatted(style)
}
