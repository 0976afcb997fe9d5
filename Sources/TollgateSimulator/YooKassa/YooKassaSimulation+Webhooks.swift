import Hummingbird

extension YooKassaSimulation {
    /// YooKassa's webhooks API: `POST /webhooks {event, url}`, `GET /webhooks`, `DELETE /webhooks/{id}`.
    /// Bearer tokens (what YooKassa's partner API takes) are accepted as well as Basic credentials.
    func addWebhookRoutes(to router: Router<BasicRequestContext>) {
        router.post("\(Self.api)/webhooks") { request, _ in
            if let refusal = webhookAuthFailure(request) { return refusal }
            let body = try await request.body.collect(upTo: 1 << 16)
            guard let fields = AnyJSON.decode(body.readableBytesView), fields.objectValue != nil else {
                return errorResponse(.invalidRequest("The request body must be a JSON object"))
            }
            guard let event = fields["event"]?.stringValue, YooKassaState.events.contains(event) else {
                return errorResponse(.invalidRequest("Invalid event", parameter: "event"))
            }
            guard let url = fields["url"]?.stringValue, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                return errorResponse(.invalidRequest("Invalid url", parameter: "url"))
            }
            return json(WireJSON.buffer(book.withLock { $0.addWebhook(event: event, url: url) }))
        }
        router.get("\(Self.api)/webhooks") { request, _ in
            if let refusal = webhookAuthFailure(request) { return refusal }
            return json(WireJSON.buffer(YooKassaWire.List(items: book.withLock { $0.webhooks })))
        }
        router.delete("\(Self.api)/webhooks/{id}") { request, context in
            if let refusal = webhookAuthFailure(request) { return refusal }
            guard book.withLock({ $0.removeWebhook(context.parameters.get("id") ?? "") }) else {
                return errorResponse(.notFound("Webhook not found"))
            }
            return json(WireJSON.buffer(EmptyObject()))
        }
    }

    /// The refusal of a webhooks API request without Basic credentials or a Bearer token.
    private func webhookAuthFailure(_ request: Request) -> Response? {
        if bearerKey(request) != nil {
            stats.requestReceived()
            return nil
        }
        if case .failure(let error) = authenticate(request) { return errorResponse(error) }
        return nil
    }
}
