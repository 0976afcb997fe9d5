import Foundation
import Hummingbird

extension TelegramSimulation {
    /// A user pays `order`'s invoice: the webhook gets a `pre_checkout_query`; if the bot answers
    /// `ok: true` in time (`answerPreCheckoutQuery`, or the same call in its webhook reply), it gets the
    /// `successful_payment` message. A renewal (`recurring`) skips the query, as Telegram's do.
    func pay(_ order: TelegramPayment, _ context: BasicRequestContext) async -> Response {
        guard let invoice = book.withLock({ $0.invoice(order.invoice, token: order.token) }) else {
            return Self.json(SimRouteError(error: "no such invoice for this bot"), status: .notFound)
        }
        if order.recurring, invoice.subscriptionPeriod == nil {
            return Self.json(SimRouteError(error: "only a subscription invoice renews"), status: .badRequest)
        }
        let user = Self.user(id: order.userID, firstName: order.firstName, languageCode: order.languageCode)
        var outcome = TelegramPaymentOutcome()
        if !order.recurring {
            let (queryID, updateID) = book.withLock { state in
                let id = "\(order.userID)\(100_000 + state.next())"
                state.queries[id] = (order.token, .waiting)
                return (id, state.updateID(order.token))
            }
            outcome.preCheckoutQueryID = OrNull(queryID)
            // The bot's time runs from the moment the query leaves, as on Telegram.
            let deadline = ContinuousClock.now + .milliseconds(order.answerTimeoutMs)
            let query = TelegramWire.Update(
                updateID: updateID,
                preCheckoutQuery: .init(
                    id: queryID, from: user, currency: invoice.currency, totalAmount: invoice.amount,
                    invoicePayload: invoice.payload))
            let delivery = await deliver(
                WireJSON.buffer(query), kind: query.kind, updateID: updateID, token: order.token, context)
            outcome.deliveries.append(delivery)
            let answer = await awaitAnswer(query: queryID, until: delivery.status == nil ? .now : deadline)
            guard case .answered(let ok, let message) = answer else { return Self.json(outcome) }
            outcome.answered = true
            outcome.ok = ok
            outcome.errorMessage = OrNull(message)
            guard ok else { return Self.json(outcome) }
        }
        let (chargeID, updateID, messageID) = book.withLock { state in
            let chargeID = "stxsim\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24))"
            state.charges[chargeID] = .init(
                token: order.token, userID: order.userID, chatID: order.chatID, invoice: invoice)
            return (chargeID, state.updateID(order.token), state.messageID(order.token))
        }
        outcome.ok = true
        outcome.chargeID = OrNull(chargeID)
        let subscription = invoice.subscriptionPeriod.map { Self.now + $0 }
        let paid = TelegramWire.Update(
            updateID: updateID,
            message: .init(
                messageID: messageID, from: user, chat: .init(id: order.chatID, firstName: order.firstName),
                date: Self.now,
                successfulPayment: .init(
                    currency: invoice.currency, totalAmount: invoice.amount, invoicePayload: invoice.payload,
                    subscriptionExpirationDate: subscription, isRecurring: subscription.map { _ in true },
                    isFirstRecurring: subscription != nil && !order.recurring ? true : nil,
                    telegramPaymentChargeID: chargeID, providerPaymentChargeID: "simprov_\(chargeID.dropFirst(6))")))
        outcome.deliveries.append(
            await deliver(WireJSON.buffer(paid), kind: paid.kind, updateID: updateID, token: order.token, context))
        return Self.json(outcome)
    }

    /// Waits for the bot's answer to query `id` until `deadline` (now, when the query never reached the
    /// bot); an unanswered query expires, as Telegram's checkout gives up.
    func awaitAnswer(query id: String, until deadline: ContinuousClock.Instant) async -> TelegramState.Answer {
        while true {
            let answer = book.withLock { state -> TelegramState.Answer in
                guard let current = state.queries[id]?.answer else { return .expired }
                if current == .waiting, ContinuousClock.now >= deadline {
                    state.queries[id]?.answer = .expired
                    return .expired
                }
                return current
            }
            if answer != .waiting { return answer }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
