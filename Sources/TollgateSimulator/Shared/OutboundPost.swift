import AsyncHTTPClient
import Hummingbird

/// A JSON POST the simulator sends on its own (YooKassa notifications, Telegram webhook updates),
/// through AsyncHTTPClient's shared client.
struct OutboundPost: Sendable {
    /// What came back: the status and body, or why nothing did.
    struct Reply: Sendable {
        /// The HTTP status, `nil` when no answer came.
        var status: Int?
        /// The answer's body (at most 1 MiB is read).
        var body = ByteBuffer()
        /// Why no answer came.
        var error: String?

        /// Whether the receiver answered 2xx.
        var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
        /// The status, or the error, as text for logs and test answers.
        var summary: String { status.map { "HTTP \($0)" } ?? (error ?? "no answer") }
    }

    /// How long to wait for the whole answer.
    var timeoutSeconds: Int64 = 10

    /// POSTs `body` as JSON to `url` with extra `headers`.
    func send(to url: String, headers: [(String, String)] = [], body: ByteBuffer) async -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "tollgate-simulator")
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(body)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeoutSeconds))
            let answer = try await response.body.collect(upTo: 1 << 20)
            return Reply(status: Int(response.status.code), body: answer)
        } catch {
            return Reply(status: nil, error: String(describing: error))
        }
    }
}
