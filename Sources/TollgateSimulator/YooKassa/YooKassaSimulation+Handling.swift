import Foundation
import Hummingbird

extension YooKassaSimulation {
    /// Counts an API request and finds its shop in `Authorization: Basic base64(shopId:secretKey)`;
    /// both must be non-empty.
    func authenticate(_ request: Request) -> Result<YooKassaShop, YooKassaError> {
        stats.requestReceived()
        guard let header = request.headers[.authorization] else { return .failure(.invalidCredentials) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1].trimmingSpaces)),
            let text = String(data: decoded, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return .failure(.invalidCredentials) }
        let shop = String(text[..<colon]), secret = text[text.index(after: colon)...]
        guard !shop.isEmpty, !secret.isEmpty else { return .failure(.invalidCredentials) }
        return .success(YooKassaShop(id: shop, isTest: secret.hasPrefix("test_")))
    }

    /// Runs a POST under YooKassa's Idempotence-Key rules: the key is required (64 characters at most);
    /// the same key with the same body replays the first answer, with another body is refused.
    /// `operation` runs under the lock; only its successful answers are kept.
    func idempotent(
        _ request: Request, shop: YooKassaShop, body: ByteBuffer,
        operation: (inout YooKassaState, Date) throws(YooKassaError) -> (ByteBuffer, [YooKassaState.Delivery])
    ) -> (Response, [YooKassaState.Delivery]) {
        guard let key = request.headers.value(named: "idempotence-key"), !key.isEmpty else {
            return (
                errorResponse(.invalidRequest("Idempotence-Key header is missing", parameter: "Idempotence-Key")), []
            )
        }
        guard key.count <= 64 else {
            return (
                errorResponse(
                    .invalidRequest(
                        "Idempotence key is too long. Max length is 64 characters", parameter: "Idempotence-Key")),
                []
            )
        }
        // The same operation on another path with the same key is another body, as far as the key goes.
        let canonical = AnyJSON.decode(body.readableBytesView).map { String(buffer: WireJSON.buffer($0)) }
        let fingerprint = request.uri.path + "\n" + (canonical ?? String(buffer: body))
        let now = Date()
        let outcome: Result<(ByteBuffer, [YooKassaState.Delivery]), YooKassaError> = book.withLock { state in
            switch state.replay(shop: shop.id, key: key, fingerprint: fingerprint, now: now) {
            case .success(let kept): return .success((kept.body, []))
            case .failure(let error): return .failure(error)
            case nil: break
            }
            do throws(YooKassaError) {
                let (answer, deliveries) = try operation(&state, now)
                state.keep(shop: shop.id, key: key, .init(fingerprint: fingerprint, status: 200, body: answer, at: now))
                return .success((answer, deliveries))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let (answer, deliveries)): return (json(answer), deliveries)
        case .failure(let error): return (errorResponse(error), [])
        }
    }

    /// Answers a read: authenticates, then runs `body` under the lock.
    func answer<Value: Encodable & Sendable>(
        _ request: Request, _ body: (YooKassaState, YooKassaShop) throws(YooKassaError) -> Value
    ) -> Response {
        let shop: YooKassaShop
        switch authenticate(request) {
        case .success(let found): shop = found
        case .failure(let error): return errorResponse(error)
        }
        let outcome: Result<Value, YooKassaError> = book.withLock { state in
            do throws(YooKassaError) { return .success(try body(state, shop)) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let value): return json(WireJSON.buffer(value))
        case .failure(let error): return errorResponse(error)
        }
    }

    /// POSTs `deliveries` concurrently, counts them and logs those not acknowledged with 200 (YooKassa
    /// wants exactly 200; it would retry the rest for 24 hours, the fake does not). Returns how many
    /// were acknowledged.
    func send(_ deliveries: [YooKassaState.Delivery], _ context: BasicRequestContext) async -> Int {
        guard !deliveries.isEmpty else { return 0 }
        let replies = await withTaskGroup(of: (YooKassaState.Delivery, OutboundPost.Reply).self) { group in
            for delivery in deliveries {
                group.addTask { (delivery, await poster.send(to: delivery.url, body: delivery.body)) }
            }
            var replies: [(YooKassaState.Delivery, OutboundPost.Reply)] = []
            for await reply in group { replies.append(reply) }
            return replies
        }
        let failed = replies.filter { $0.1.status != 200 }
        book.withLock { state in
            state.counts.notificationsSent += replies.count
            state.counts.notificationsFailed += failed.count
        }
        for (delivery, reply) in failed {
            context.logger.warning(
                "YooKassa notification not acknowledged",
                metadata: ["url": "\(delivery.url)", "event": "\(delivery.event)", "reply": "\(reply.summary)"])
        }
        return replies.count - failed.count
    }

    /// A 200 JSON answer.
    func json(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }

    /// `error` as YooKassa's error body.
    func errorResponse(_ error: YooKassaError) -> Response {
        json(WireJSON.buffer(error.wire), status: .init(code: error.status))
    }
}
