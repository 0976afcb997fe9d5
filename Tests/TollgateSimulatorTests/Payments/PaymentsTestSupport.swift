import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import TollgateSimulator

/// An in-process app on a free port standing in for Tollgate's webhook endpoints: it keeps every POST
/// it gets and answers with `respond`.
final class Receiver: Sendable {
    /// One POST received.
    struct Delivery: Sendable {
        var path: String
        var headers: HTTPFields
        var body: String

        /// The body as a JSON object.
        func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONObject {
            try jsonObject(body, sourceLocation: sourceLocation)
        }
    }

    private let log = Mutex<[Delivery]>([])

    /// Every POST so far, in arrival order.
    var deliveries: [Delivery] { log.withLock { $0 } }

    fileprivate func record(_ delivery: Delivery) {
        log.withLock { $0.append(delivery) }
    }
}

/// Runs a `Receiver` on a free port for `body`, which gets its base URL (`http://127.0.0.1:<port>`).
func withReceiver(
    respond: @escaping @Sendable (Receiver.Delivery) async throws -> Response = { _ in Response(status: .ok) },
    _ body: @Sendable (_ url: String, _ receiver: Receiver) async throws -> Void
) async throws {
    let receiver = Receiver()
    let router = Router()
    @Sendable func receive(_ request: Request, _: BasicRequestContext) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let delivery = Receiver.Delivery(path: request.uri.path, headers: request.headers, body: String(buffer: bytes))
        receiver.record(delivery)
        return try await respond(delivery)
    }
    router.post("/", use: receive)
    router.post("**", use: receive)
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { portSink.yield($0.localAddress?.port ?? 0) })
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try? await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        do {
            try await body("http://127.0.0.1:\(port)", receiver)
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
    }
}

/// A request to a live simulator on `port`: the status and the body as text.
func liveRequest(
    _ port: Int, _ method: HTTPRequest.Method, _ path: String, json: JSONObject? = nil, headers: HTTPFields = [:]
) async throws -> (status: HTTPResponse.Status, body: String) {
    var fields = headers
    if json != nil { fields[.contentType] = "application/json" }
    let request = TestClient.Request(path, method: method, headers: fields, body: json.map(Requests.buffer))
    let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { try await $0.execute(request) }
    return (response.head.status, response.body.map { String(buffer: $0) } ?? "")
}

/// Request helpers for the payment fakes.
enum PaymentRequests {
    /// `Authorization: Basic base64(user:password)`.
    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// Basic auth of test shop `100500` with a JSON body and, when given, an Idempotence-Key.
    static func yooKassa(key: String? = nil, shop: String = "100500") -> HTTPFields {
        var headers: HTTPFields = [.authorization: basic(shop, "test_secret"), .contentType: "application/json"]
        if let key { headers[.init("Idempotence-Key")!] = key }
        return headers
    }

    /// A one-stage payment of 890.00 RUB with a redirect confirmation.
    static func payment(
        value: String = "890.00", returnURL: String? = "https://tollgate.example/billing/return?o=ord_1",
        save: Bool = false
    ) -> JSONObject {
        var confirmation: JSONObject = ["type": "redirect"]
        if let returnURL { confirmation["return_url"] = returnURL }
        var body: JSONObject = [
            "amount": ["value": value, "currency": "RUB"], "capture": true, "confirmation": confirmation,
            "description": "Tollgate: 1 000 000 tokens", "metadata": ["order_id": "ord_1", "user_id": "42"],
        ]
        if save { body["save_payment_method"] = true }
        return body
    }

    /// A `application/x-www-form-urlencoded` body and its header.
    static func form(_ text: String) -> (body: ByteBuffer, headers: HTTPFields) {
        (ByteBuffer(string: text), [.contentType: "application/x-www-form-urlencoded"])
    }
}
