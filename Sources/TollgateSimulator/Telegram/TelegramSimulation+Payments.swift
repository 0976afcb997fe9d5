import Hummingbird

extension TelegramSimulation {
    /// `createInvoiceLink`: a Stars invoice (or a 30-day subscription) payable at `https://t.me/$sim_invoice_<n>`.
    func createInvoiceLink(_ call: TelegramCall) throws(TelegramError) -> AnyJSON {
        var invoice = try TelegramInvoice(call)
        let link = book.withLock { state in
            state.invoiceCount += 1
            invoice.link = "https://t.me/$sim_invoice_\(state.invoiceCount)"
            state.addInvoice(invoice, token: call.token)
            return invoice.link ?? ""
        }
        return .string(link)
    }

    /// `sendInvoice`: the invoice message (a chat invoice has no subscription period).
    func sendInvoice(_ call: TelegramCall) throws(TelegramError) -> AnyJSON {
        try requireChat(call)
        var invoice = try TelegramInvoice(call)
        invoice.subscriptionPeriod = nil
        book.withLock { $0.addInvoice(invoice, token: call.token) }
        return message(call, fields: ["invoice": invoice.wire])
    }

    /// `answerPreCheckoutQuery`: the bot's verdict on a query the fake sent, within its 10 seconds;
    /// `error_message` is required with `ok: false`.
    func answerPreCheckoutQuery(_ call: TelegramCall) throws(TelegramError) -> AnyJSON {
        guard let id = call.string("pre_checkout_query_id"), !id.isEmpty else { throw .badRequest("QUERY_ID_INVALID") }
        guard let ok = call.bool("ok") else { throw .badRequest("parameter \"ok\" is required") }
        let message = call.string("error_message")
        if !ok, (message ?? "").isEmpty { throw .badRequest("ERROR_MESSAGE_EMPTY") }
        try book.withLock { state in
            Result { () throws(TelegramError) in
                try state.answer(query: id, token: call.token, ok: ok, errorMessage: ok ? nil : message)
            }
        }.get()
        return .bool(true)
    }

    /// `refundStarPayment`: refunds a charge the fake made to `user_id`, once; the user's chat then gets
    /// the `refunded_payment` service message (delivered after the answer).
    func refundStarPayment(_ call: TelegramCall, _ context: BasicRequestContext) throws(TelegramError) -> AnyJSON {
        guard let userID = call.int("user_id") else { throw .badRequest("USER_ID_INVALID") }
        guard let chargeID = call.string("telegram_payment_charge_id"), !chargeID.isEmpty else {
            throw .badRequest("CHARGE_ID_EMPTY")
        }
        let (charge, updateID, messageID) = try book.withLock { state in
            Result { () throws(TelegramError) in
                let charge = try state.refund(charge: chargeID, token: call.token, userID: userID)
                return (charge, state.updateID(call.token), state.messageID(call.token))
            }
        }.get()
        let update = TelegramWire.Update(
            updateID: updateID,
            message: .init(
                messageID: messageID, from: Self.user(id: userID), chat: .init(id: charge.chatID, firstName: "Sim"),
                date: Self.now,
                refundedPayment: .init(
                    currency: charge.invoice.currency, totalAmount: charge.invoice.amount,
                    invoicePayload: charge.invoice.payload, telegramPaymentChargeID: chargeID)))
        Task {
            _ = await deliver(WireJSON.buffer(update), kind: "message", updateID: updateID, token: call.token, context)
        }
        return .bool(true)
    }

    /// A Telegram user who pays.
    static func user(id: Int, firstName: String = "Sim", languageCode: String = "en") -> TelegramWire.User {
        .init(id: id, isBot: false, firstName: firstName, languageCode: languageCode)
    }
}
