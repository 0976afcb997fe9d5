import ArgumentParser
import TollgateServices

/// `tollgate telegram …`: the bot's registration with Telegram.
struct Telegram: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set up the Telegram bot.", subcommands: [SetWebhook.self])

    struct SetWebhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-webhook",
            abstract: "Register the bot's webhook (public_url + /api/v2/telegram/webhook), its secret and commands.")

        @OptionGroup var common: CommonOptions
        @Option(help: "The webhook URL (default: public_url + /api/v2/telegram/webhook).") var url: String?

        func run() async throws {
            let target = try await common.withServices { services -> String in
                guard let bot = services.bot else {
                    throw ValidationError("telegram.bot_token is not set (TOLLGATE_TELEGRAM_BOT_TOKEN).")
                }
                guard let secret = services.configuration.payments.telegramWebhookSecret else {
                    throw ValidationError("telegram.webhook_secret is not set (TOLLGATE_TELEGRAM_WEBHOOK_SECRET).")
                }
                let target = url ?? services.configuration.externalURL + "/api/v2/telegram/webhook"
                try await bot.register(url: target, secret: secret.revealed)
                return target
            }
            print("webhook set: \(target)")
        }
    }
}
