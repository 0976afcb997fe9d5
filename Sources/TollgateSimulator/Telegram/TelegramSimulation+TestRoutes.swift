import Hummingbird

extension TelegramSimulation {
    /// The test side: `GET /telegram/_sim/calls?token=…` (every call of a bot, in order),
    /// `POST|GET /telegram/_sim/knobs`, `POST /telegram/_sim/updates` (deliver an update, `times` over)
    /// and `POST /telegram/_sim/pay` (a user paying an invoice, see `pay`).
    func addTestRoutes(to router: Router<BasicRequestContext>) {
        router.get("telegram/_sim/calls") { request, _ in
            guard let token = request.uri.queryParameters.get("token") else {
                return Self.json(SimRouteError(error: "token is required"), status: .badRequest)
            }
            return Self.json(["calls": book.withLock { $0.bots[token]?.calls ?? [] }])
        }
        router.post("telegram/_sim/knobs") { request, _ in
            guard let fields = try await Self.jsonBody(request) else {
                return Self.json(SimRouteError(error: "the body must be a JSON object"), status: .badRequest)
            }
            return Self.json(
                book.withLock {
                    $0.knobs = $0.knobs.updated(by: fields)
                    return $0.knobs
                })
        }
        router.get("telegram/_sim/knobs") { _, _ in Self.json(book.withLock { $0.knobs }) }
        router.post("telegram/_sim/updates") { request, context in
            guard let fields = try await Self.jsonBody(request), let token = fields["token"]?.stringValue,
                var update = fields["update"]?.objectValue
            else {
                return Self.json(SimRouteError(error: "token and update are required"), status: .badRequest)
            }
            let updateID = book.withLock { $0.updateID(token, given: update["update_id"]?.intValue) }
            update["update_id"] = .int(updateID)
            let kind = update.keys.sorted().first { $0 != "update_id" } ?? "message"
            var deliveries: [Delivery] = []
            for _ in 0..<max(1, fields["times"]?.intValue ?? 1) {
                deliveries.append(
                    await deliver(
                        WireJSON.buffer(AnyJSON.object(update)), kind: kind, updateID: updateID, token: token, context))
            }
            return Self.json(
                UpdatesAnswer(updateID: updateID, statuses: deliveries.map(\.status), deliveries: deliveries))
        }
        router.post("telegram/_sim/pay") { request, context in
            guard let fields = try await Self.jsonBody(request), let order = TelegramPayment(fields) else {
                return Self.json(SimRouteError(error: "token and invoice are required"), status: .badRequest)
            }
            return await pay(order, context)
        }
    }

    /// The request body as a JSON object.
    static func jsonBody(_ request: Request) async throws -> AnyJSON? {
        let body = try await request.body.collect(upTo: 1 << 20)
        return AnyJSON.decode(body.readableBytesView).flatMap { $0.objectValue != nil ? $0 : nil }
    }
}

/// A refusal of a test route.
struct SimRouteError: Encodable, Sendable {
    var error: String
}

/// The answer of `POST /telegram/_sim/updates`.
private struct UpdatesAnswer: Encodable, Sendable {
    var updateID: Int
    /// Each delivery's HTTP status (`null`: not sent or no answer).
    var statuses: [Int?]
    var deliveries: [TelegramSimulation.Delivery]

    enum CodingKeys: String, CodingKey {
        case statuses, deliveries
        case updateID = "update_id"
    }
}
