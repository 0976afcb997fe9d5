/// An invoice a bot created (`createInvoiceLink` or `sendInvoice`), checked as the Bot API checks
/// invoices in Telegram Stars: currency `XTR`, exactly one price, subscriptions of 30 days only.
struct TelegramInvoice: Sendable {
    var title: String
    var description: String
    var payload: String
    var currency: String
    var label: String
    var amount: Int
    /// Seconds between renewals of a subscription (only 2592000).
    var subscriptionPeriod: Int?
    /// The `https://t.me/$…` link, for `createInvoiceLink` invoices.
    var link: String?

    /// The only subscription period the Bot API takes: 30 days.
    static let subscriptionPeriod = 2_592_000
    /// The highest price of a subscription, in Stars.
    static let maxSubscriptionPrice = 10_000

    /// Reads and checks the invoice parameters of `call`.
    init(_ call: TelegramCall) throws(TelegramError) {
        title = call.string("title") ?? ""
        guard (1...32).contains(title.count) else { throw .badRequest("INVOICE_TITLE_INVALID") }
        description = call.string("description") ?? ""
        guard (1...255).contains(description.count) else { throw .badRequest("INVOICE_DESCRIPTION_INVALID") }
        payload = call.string("payload") ?? ""
        guard (1...128).contains(payload.utf8.count) else { throw .badRequest("INVOICE_PAYLOAD_INVALID") }
        currency = call.string("currency") ?? ""
        // Digital goods are sold in Stars only, with no payment provider.
        guard currency == "XTR", (call.string("provider_token") ?? "").isEmpty else {
            throw .badRequest("PAYMENT_PROVIDER_INVALID")
        }
        guard let prices = call.json("prices")?.arrayValue, prices.count == 1,
            let amount = prices[0]["amount"]?.intValue
        else { throw .badRequest("STARS_INVOICE_INVALID") }
        guard amount > 0 else { throw .badRequest("CURRENCY_TOTAL_AMOUNT_INVALID") }
        self.amount = amount
        label = prices[0]["label"]?.stringValue ?? ""
        if let period = call.int("subscription_period") {
            guard period == Self.subscriptionPeriod else { throw .badRequest("SUBSCRIPTION_PERIOD_INVALID") }
            guard amount <= Self.maxSubscriptionPrice else { throw .badRequest("SUBSCRIPTION_PRICE_INVALID") }
            subscriptionPeriod = period
        }
    }

    /// The invoice object of a message that carries it.
    var wire: AnyJSON {
        .object([
            "title": .string(title), "description": .string(description), "start_parameter": .string(""),
            "currency": .string(currency), "total_amount": .int(amount),
        ])
    }
}
