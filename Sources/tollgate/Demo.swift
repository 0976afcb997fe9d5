import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import TollgateCore
import TollgateServer
import TollgateServices
import TollgateSimulator

/// `tollgate demo`: the server and an in-process provider simulator together, with an Elite account,
/// so a newcomer can generate with no provider keys. Simulated answers say they are simulated.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server against a built-in simulator, with a ready Elite key.")

    @Option(help: "Port of the server.") var port = 8080
    @Option(help: "Data folder (default ./data, as serve and the README's walkthrough use).") var data = "./data"

    func run() async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.defaults.chunkIntervalMs = 30
        let (simulatorApp, _) = Simulator.build(configuration: simulatorConfiguration) { port in
            continuation.yield(port)
        }
        let directory = data

        try await withThrowingTaskGroup(of: Void.self) { group in
            // Its own group, shut down gracefully once the server has stopped (Ctrl-C), so it ends without errors.
            let simulatorGroup = ServiceGroup(
                configuration: .init(services: [simulatorApp], logger: Logger(label: "tollgate-simulator")))
            group.addTask { try await simulatorGroup.run() }
            // Whatever stops the start (a bad setting, a port in use), the simulator ends cleanly too.
            do {
                guard let simulatorPort = await ports.first(where: { _ in true }) else { return }
                var configuration = try Configuration.load(
                    flags: ["data": directory, "port": String(port)], environment: ProcessInfo.processInfo.environment)
                let simulator = "http://127.0.0.1:\(simulatorPort)"
                configuration.simulatorURL = simulator
                // Payments against the simulator's YooKassa and Bot API fakes: its confirmation page pays in one click.
                var yookassa = YooKassaSettings(shopID: "demo-shop", secretKey: "demo-secret-key")
                yookassa.apiURL = simulator + "/yookassa/v3"
                yookassa.trustedNetworks = [IPNetwork("127.0.0.0/8"), IPNetwork("::1/128")].compactMap { $0 }
                configuration.payments.yookassa = yookassa
                configuration.payments.telegramAPIURL = simulator + "/telegram"
                configuration.payments.telegramWebhookSecret = Secret(Self.webhookSecret)
                configuration.webAuth.telegramBotToken = Secret(Self.botToken)
                configuration.webAuth.telegramBotUsername = "tollgate_demo_bot"
                // Google sign-in and phone registration against the simulator's Google and SMS.ru.
                var google = GoogleSignInSettings(clientIDs: [Self.googleClientID])
                google.clientSecret = Secret("demo-google-secret")
                google.keysURL = simulator + "/google-oauth/oauth2/v3/certs"
                google.tokenURL = simulator + "/google-oauth/token"
                configuration.webAuth.google = google
                var sms = SMSSettings(apiID: Secret("demo-sms-key"))
                sms.baseURL = simulator + "/smsru"
                configuration.webAuth.sms = sms
                let services = try await buildServices(configuration: configuration)
                let email = "demo@tollgate.local"
                var account = try? await services.accounts.find(email: email)
                if account == nil {
                    account = try await services.accounts.create(email: email, name: "Demo", planCode: "elite")
                }
                guard let account else { return }
                let key = try await services.keys.create(accountID: account.id, name: "demo")
                let app = try buildApplication(services: services) { address in
                    await Self.registerWebhooks(simulator: simulator, server: "http://\(address)")
                    let text = """
                        Tollgate demo on http://\(address) — providers are simulated (answers say so); data in \(directory)
                        Try: curl -s http://\(address)/api/v2/generate -H "Authorization: Bearer \(key.key)" -H 'Content-Type: application/json' -d '{"model": "gpt-5-nano", "prompt": "Hello"}'
                        Buy a package (YooKassa, simulated): curl -s http://\(address)/api/v2/billing/checkout -H "Authorization: Bearer \(key.key)" -H 'Content-Type: application/json' -d '{"product": "package:light", "provider": "yookassa"}'
                        then open its confirmation_url and press Pay; GET /api/v2/billing/payments shows it succeeded and /api/v2/balance the tokens.
                        Phone sign-up: POST /api/v2/auth/phone/send-code {"phone": "+79991234567"}; the SMS is at \(simulator)/smsru/_sim/messages
                        Google sign-in: an ID token from POST \(simulator)/google-oauth/_sim/id-token {"sub": "1", "email": "you@example.com", "email_verified": true, "aud": "\(Self.googleClientID)"} → POST /api/v2/auth/google {"id_token": …}
                        key: \(key.key)

                        """
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
                group.addTask {
                    do {
                        try await app.runService()
                    } catch {
                        throw StartupFailure.readable(error, listening: (configuration.host, configuration.port))
                    }
                }
                try await group.next()
                await simulatorGroup.triggerGracefulShutdown()
                try await group.waitForAll()
            } catch {
                await simulatorGroup.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    static let botToken = "123456:DEMO-bot-token"
    static let googleClientID = "tollgate-demo.apps.googleusercontent.com"
    static let webhookSecret = "demo-webhook-secret"

    /// Points the fakes at this server, as an operator does in YooKassa's settings and with `setWebhook`.
    static func registerWebhooks(simulator: String, server: String) async {
        let shop = "Basic " + Data("demo-shop:demo-secret-key".utf8).base64EncodedString()
        for event in ["payment.succeeded", "payment.canceled"] {
            await post(
                simulator + "/yookassa/v3/webhooks",
                #"{"event": "\#(event)", "url": "\#(server)/api/v2/billing/yookassa/notifications"}"#,
                headers: [("Authorization", shop), ("Idempotence-Key", UUID().uuidString)])
        }
        await post(
            simulator + "/telegram/bot\(botToken)/setWebhook",
            #"{"url": "\#(server)/api/v2/telegram/webhook", "secret_token": "\#(webhookSecret)"}"#)
    }

    static func post(_ url: String, _ json: String, headers: [(String, String)] = []) async {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: json))
        _ = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 20)
    }
}
