import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import TollgateCore
import TollgateProviders
import TollgateServices

/// `POST /api/v2/telegram/webhook`: the updates Telegram delivers to the bot. Only with the configured
/// `X-Telegram-Bot-Api-Secret-Token` (compared in constant time; else 401). The payment side of the updates
/// (`pre_checkout_query`, `successful_payment`) goes to billing at once (a pre-checkout is due within 10 s); any
/// other update is kept for the bot, which answers after this 200 (a redelivered update is kept once).
struct TelegramWebhookController {
    let billing: BillingService
    let bot: TelegramBot?
    let secret: Secret?

    static let secretHeader = HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("telegram/webhook") { request, context in
            guard let secret, let given = request.headers[Self.secretHeader], Self.same(given, secret.revealed) else {
                throw APIError.notAuthenticated("Missing or wrong X-Telegram-Bot-Api-Secret-Token.")
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            let update: TelegramUpdate
            do {
                update = try TelegramBotMapping.parseUpdate(Array(buffer: body))
            } catch {
                throw APIError.badRequest("The update is not the Bot API's JSON.")
            }
            if let query = update.preCheckoutQuery {
                do {
                    try await billing.preCheckout(query)
                } catch let failure as ProviderFailure {
                    // Telegram refused the answer (the query expired, or is unknown): redelivering cannot help.
                    context.logger.warning(
                        "pre-checkout answer refused", metadata: ["failure": "\(failure.kind)", "query": "\(query.id)"])
                }
            } else if let message = update.message, let paid = message.successfulPayment {
                try await billing.starsPaid(paid, userID: message.from?.id ?? message.chat.id)
            } else if let bot {
                try await bot.receive(update, body: String(buffer: body))
            }
            return JSONBody.response(JSONValue.object([:]))
        }
    }

    /// Whether two secrets are equal, in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let left = SHA256.hash(data: Array(a.utf8))
        let right = SHA256.hash(data: Array(b.utf8))
        return left == right
    }
}
