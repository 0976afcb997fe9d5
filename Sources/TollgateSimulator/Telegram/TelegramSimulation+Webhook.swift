import Hummingbird

extension TelegramSimulation {
    /// `setWebhook`: `url` (empty removes it), `secret_token` (1–256 of `A-Z a-z 0-9 _ -`),
    /// `allowed_updates` (omitted: kept), `max_connections` (1–100). Plain `http` is allowed (tests).
    func setWebhook(_ call: TelegramCall) throws(TelegramError) -> TelegramWire.Success {
        let url = call.string("url") ?? ""
        if url.isEmpty { return deleteWebhook(call) }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw .badRequest("bad webhook: An HTTPS URL must be provided for webhook")
        }
        let secret = call.string("secret_token")
        if let secret {
            guard (1...256).contains(secret.count),
                secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else { throw .badRequest("secret token contains unallowed characters") }
        }
        let connections = call.int("max_connections") ?? 40
        guard (1...100).contains(connections) else { throw .badRequest("bad webhook: max_connections is invalid") }
        let allowed = call.json("allowed_updates")?.arrayValue?.compactMap(\.stringValue)
        book.withLock { state in
            state.bots[call.token, default: .init()].webhook = .init(
                url: url, secretToken: secret, maxConnections: connections)
            if let allowed { state.bots[call.token, default: .init()].allowedUpdates = allowed }
        }
        return .init(result: .bool(true), description: "Webhook was set")
    }

    /// `deleteWebhook`.
    func deleteWebhook(_ call: TelegramCall) -> TelegramWire.Success {
        let existed = book.withLock { state in
            defer { state.bots[call.token, default: .init()].webhook = nil }
            return state.bots[call.token]?.webhook != nil
        }
        return .init(result: .bool(true), description: existed ? "Webhook was deleted" : "Webhook is already deleted")
    }

    /// `getWebhookInfo`: the URL (empty without one), and the last delivery error.
    func webhookInfo(_ token: String) -> AnyJSON {
        let bot = book.withLock { $0.bots[token] }
        var info: [String: AnyJSON] = [
            "url": .string(bot?.webhook?.url ?? ""), "has_custom_certificate": .bool(false),
            "pending_update_count": .int(0),
        ]
        if let webhook = bot?.webhook {
            info["max_connections"] = .int(webhook.maxConnections)
            info["ip_address"] = .string("127.0.0.1")
            if let date = webhook.lastErrorDate { info["last_error_date"] = .int(date) }
            if let message = webhook.lastErrorMessage { info["last_error_message"] = .string(message) }
        }
        if let allowed = bot?.allowedUpdates { info["allowed_updates"] = .array(allowed.map { .string($0) }) }
        return .object(info)
    }

    /// What became of one update sent to a webhook.
    struct Delivery: Encodable, Sendable {
        var updateID: Int
        var kind: String
        /// The webhook's HTTP status; `nil` when nothing answered or nothing was sent.
        var status: Int?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case kind, status, error
            case updateID = "update_id"
        }
    }

    /// POSTs update `body` (of `kind`, id `updateID`) to `token`'s webhook with its secret token
    /// header, unless there is none or `allowed_updates` leaves `kind` out. A 2xx answer carrying a
    /// method call (`{"method": …}`) runs that call, as the Bot API does; a failure is kept for
    /// `getWebhookInfo`.
    func deliver(
        _ body: ByteBuffer, kind: String, updateID: Int, token: String, _ context: BasicRequestContext
    ) async -> Delivery {
        var delivery = Delivery(updateID: updateID, kind: kind)
        let (webhook, allowed) = book.withLock { ($0.bots[token]?.webhook, $0.allows(kind, token: token)) }
        guard let webhook else {
            delivery.error = "no webhook is set"
            return delivery
        }
        guard allowed else {
            delivery.error = "\(kind) is not in allowed_updates"
            return delivery
        }
        let headers = webhook.secretToken.map { [("X-Telegram-Bot-Api-Secret-Token", $0)] } ?? []
        let reply = await poster.send(to: webhook.url, headers: headers, body: body)
        delivery.status = reply.status
        delivery.error = reply.error
        guard reply.succeeded else {
            let message = reply.status.map { "Wrong response from the webhook: \($0)" } ?? "Connection refused"
            book.withLock { state in
                state.bots[token]?.webhook?.lastErrorDate = Self.now
                state.bots[token]?.webhook?.lastErrorMessage = message
            }
            context.logger.warning(
                "Telegram update not delivered", metadata: ["kind": "\(kind)", "reply": "\(reply.summary)"])
            return delivery
        }
        if var params = AnyJSON.decode(reply.body.readableBytesView)?.objectValue,
            let method = params.removeValue(forKey: "method")?.stringValue
        {
            _ = await perform(TelegramCall(token: token, method: method, params: params), context, via: "webhook_reply")
        }
        return delivery
    }
}
