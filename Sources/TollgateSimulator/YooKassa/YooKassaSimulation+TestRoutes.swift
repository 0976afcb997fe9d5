import Foundation
import Hummingbird

extension YooKassaSimulation {
    /// The test side, with no auth: `POST|GET /yookassa/_sim/knobs`, `POST /yookassa/_sim/payments/{id}/succeed`
    /// and `/cancel` (moves and notifies, as the confirmation page would), `POST /yookassa/_sim/notify/{id}`
    /// (sends the payment's current notification again), `GET /yookassa/_sim/stats`.
    func addTestRoutes(to router: Router<BasicRequestContext>) {
        router.post("yookassa/_sim/knobs") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            guard let fields = AnyJSON.decode(body.readableBytesView), fields.objectValue != nil else {
                return errorResponse(.invalidRequest("The request body must be a JSON object"))
            }
            return json(
                WireJSON.buffer(
                    book.withLock {
                        $0.knobs = $0.knobs.updated(by: fields)
                        return $0.knobs
                    }))
        }
        router.get("yookassa/_sim/knobs") { _, _ in json(WireJSON.buffer(book.withLock { $0.knobs })) }
        router.get("yookassa/_sim/stats") { _, _ in json(WireJSON.buffer(book.withLock { $0.counts })) }
        router.post("yookassa/_sim/payments/{id}/succeed") { _, context in
            let id = context.parameters.get("id") ?? ""
            let waiting = book.withLock { $0.payments[id]?.status == .waitingForCapture }
            return await testMove(id, waiting ? .capture(minor: nil) : .pay(.standard), context)
        }
        router.post("yookassa/_sim/payments/{id}/cancel") { request, context in
            let body = try await request.body.collect(upTo: 1 << 16)
            let fields = AnyJSON.decode(body.readableBytesView)
            let move = YooKassaState.Move.cancel(
                party: fields?["party"]?.stringValue ?? Self.abandoned.party,
                reason: fields?["reason"]?.stringValue ?? Self.abandoned.reason)
            return await testMove(context.parameters.get("id") ?? "", move, context)
        }
        router.post("yookassa/_sim/notify/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            let found: (YooKassaPayment, [YooKassaState.Delivery])? = book.withLock { state in
                state.payments[id].map { ($0, state.deliveries(for: $0)) }
            }
            guard let (payment, deliveries) = found else { return errorResponse(.notFound("Payment not found")) }
            guard let event = payment.event else {
                return errorResponse(.invalidRequest("A pending payment has no notification", parameter: "id"))
            }
            let acknowledged = await send(deliveries, context)
            return json(WireJSON.buffer(NotifyAnswer(event: event, sent: deliveries.count, acknowledged: acknowledged)))
        }
    }

    /// Moves payment `id` without the browser and notifies; answers the payment.
    private func testMove(_ id: String, _ move: YooKassaState.Move, _ context: BasicRequestContext) async -> Response {
        let outcome: Result<(YooKassaPayment, [YooKassaState.Delivery]), YooKassaError> = book.withLock { state in
            do throws(YooKassaError) { return .success(try state.move(id, move, now: Date())) } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let (payment, deliveries)):
            _ = await send(deliveries, context)
            return json(WireJSON.buffer(payment.wire))
        case .failure(let error):
            return errorResponse(error)
        }
    }
}

/// The answer of `POST /yookassa/_sim/notify/{id}`.
private struct NotifyAnswer: Encodable, Sendable {
    var event: String
    var sent: Int
    var acknowledged: Int
}
