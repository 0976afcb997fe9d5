import Foundation
import Hummingbird

/// YooKassa API v3 under `/yookassa/v3`: payments (create, get, capture, cancel), refunds and the
/// webhooks API, with HTTP Basic auth, Idempotence-Key replay and YooKassa's error bodies. The user's
/// side is the confirmation page at `/yookassa/confirm/{id}` (see `+Confirm`); notifications are
/// POSTed to the URLs subscribed through `POST /webhooks`; `/yookassa/_sim/…` holds the test knobs.
struct YooKassaSimulation: Sendable {
    let book = LockedState(YooKassaState())
    let stats: SimulatorStats
    /// The simulator's public base URL for confirmation links; `nil`: `http://` and the request's host.
    let baseURL: String?
    let poster = OutboundPost(timeoutSeconds: 5)

    static let api = "yookassa/v3"

    /// Mounts the API, the confirmation page and the test routes.
    func add(to router: Router<BasicRequestContext>) {
        router.post("\(Self.api)/payments") { request, context in try await createPayment(request, context) }
        router.get("\(Self.api)/payments/{id}") { request, context in
            book.withLock { $0.counts.gets += 1 }
            return answer(request) { state, shop throws(YooKassaError) in
                try payment(context.parameters.get("id") ?? "", of: shop, in: state).wire
            }
        }
        router.post("\(Self.api)/payments/{id}/capture") { request, context in
            try await movePayment(request, context, capture: true)
        }
        router.post("\(Self.api)/payments/{id}/cancel") { request, context in
            try await movePayment(request, context, capture: false)
        }
        router.post("\(Self.api)/refunds") { request, context in try await createRefund(request, context) }
        router.get("\(Self.api)/refunds/{id}") { request, context in
            answer(request) { state, _ throws(YooKassaError) in
                guard let refund = state.refunds[context.parameters.get("id") ?? ""] else {
                    throw .notFound("Refund not found")
                }
                return refund
            }
        }
        // The shop's settings (`GET /me`), the cheapest call that proves the credentials.
        router.get("\(Self.api)/me") { request, _ in
            answer(request) { _, shop throws(YooKassaError) in
                YooKassaMe(accountID: shop.id, test: shop.isTest, status: "enabled", paymentMethods: ["bank_card"])
            }
        }
        addWebhookRoutes(to: router)
        addConfirmRoutes(to: router)
        addTestRoutes(to: router)
    }

    /// `POST /payments`.
    func createPayment(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        book.withLock { $0.counts.creates += 1 }
        let shop: YooKassaShop
        switch authenticate(request) {
        case .success(let found): shop = found
        case .failure(let error): return errorResponse(error)
        }
        let knobs = book.withLock { state in
            defer { state.knobs.failNextCreates = max(0, state.knobs.failNextCreates - 1) }
            return state.knobs
        }
        try await SimulatorResponder.sleep(milliseconds: knobs.delayMs)
        if knobs.failNextCreates > 0 {
            stats.errorInjected()
            return errorResponse(.injected(status: knobs.failStatus))
        }
        let body = try await request.body.collect(upTo: 1 << 20)
        let confirmBase = base(request)
        let (response, deliveries) = idempotent(request, shop: shop, body: body) { state, now throws(YooKassaError) in
            let parsed = try YooKassaPaymentRequest(AnyJSON.decode(body.readableBytesView))
            let (payment, deliveries) = try state.createPayment(
                parsed, shop: shop, confirmBase: confirmBase, now: now)
            return (WireJSON.buffer(payment.wire), deliveries)
        }
        _ = await send(deliveries, context)
        return response
    }

    /// `POST /payments/{id}/capture` and `/cancel` (two-stage payments waiting for capture).
    func movePayment(_ request: Request, _ context: BasicRequestContext, capture: Bool) async throws -> Response {
        let shop: YooKassaShop
        switch authenticate(request) {
        case .success(let found): shop = found
        case .failure(let error): return errorResponse(error)
        }
        let id = context.parameters.get("id") ?? ""
        let body = try await request.body.collect(upTo: 1 << 20)
        let (response, deliveries) = idempotent(request, shop: shop, body: body) { state, now throws(YooKassaError) in
            let known = try payment(id, of: shop, in: state)
            guard known.status == .waitingForCapture else {
                throw .invalidRequest(
                    "Payment is in \(known.status.rawValue) status: only waiting_for_capture can be "
                        + (capture ? "captured" : "canceled"),
                    parameter: "payment_id")
            }
            var move = YooKassaState.Move.cancel(party: "merchant", reason: "canceled_by_merchant")
            if capture {
                var minor: Int?
                if let amount = AnyJSON.decode(body.readableBytesView)?["amount"] {
                    minor = try YooKassaMoney.amount(amount, parameter: "amount").1
                }
                move = .capture(minor: minor)
            }
            let (payment, deliveries) = try state.move(id, move, now: now)
            return (WireJSON.buffer(payment.wire), deliveries)
        }
        _ = await send(deliveries, context)
        return response
    }

    /// `POST /refunds`.
    func createRefund(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        book.withLock { $0.counts.refunds += 1 }
        let shop: YooKassaShop
        switch authenticate(request) {
        case .success(let found): shop = found
        case .failure(let error): return errorResponse(error)
        }
        let body = try await request.body.collect(upTo: 1 << 20)
        let (response, deliveries) = idempotent(request, shop: shop, body: body) { state, now throws(YooKassaError) in
            guard let json = AnyJSON.decode(body.readableBytesView), json.objectValue != nil else {
                throw .invalidRequest("The request body must be a JSON object")
            }
            guard let paymentID = json["payment_id"]?.stringValue else {
                throw .invalidRequest("Parameter payment_id is missing", parameter: "payment_id")
            }
            _ = try payment(paymentID, of: shop, in: state)
            let (amount, minor) = try YooKassaMoney.amount(json["amount"], parameter: "amount")
            let (refund, deliveries) = try state.refund(
                paymentID: paymentID, amount: amount, minor: minor, description: json["description"]?.stringValue,
                now: now)
            return (WireJSON.buffer(refund), deliveries)
        }
        _ = await send(deliveries, context)
        return response
    }

    /// Payment `id` if it belongs to `shop` (another shop's payment is not found, as in YooKassa).
    func payment(_ id: String, of shop: YooKassaShop, in state: YooKassaState) throws(YooKassaError)
        -> YooKassaPayment
    {
        guard let payment = state.payments[id], payment.shopID == shop.id else {
            throw .notFound("Payment not found")
        }
        return payment
    }

    /// `http://host:port` of the simulator as the request reached it (or the configured base).
    func base(_ request: Request) -> String {
        if let baseURL { return baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }
        return "http://" + (request.head.authority ?? "127.0.0.1")
    }
}

/// YooKassa's `Me` object, as much of it as a shop's settings check reads.
struct YooKassaMe: Encodable, Sendable {
    let accountID: String
    let test: Bool
    let status: String
    let paymentMethods: [String]

    enum CodingKeys: String, CodingKey {
        case accountID = "account_id", test, status, paymentMethods = "payment_methods"
    }
}
