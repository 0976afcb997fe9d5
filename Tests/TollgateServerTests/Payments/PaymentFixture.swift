import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// A gateway with YooKassa and Telegram Stars configured against the simulator's fakes, and helpers that act as
/// YooKassa's shop owner, the paying user and Telegram.
struct PaymentFixture {
    let gateway: GatewayFixture
    static let shopAuth = "Basic " + Data("shop-1:sk_test_secret".utf8).base64EncodedString()
    static let botToken = "123456:TEST-token"
    static let webhookSecret = "hook-secret-42"

    var simulator: String { gateway.simulator.url }
    var url: String { gateway.gateway.url }

    /// The user is on VIP, whose API keys may call the API (a Starter user checks out from the dashboard).
    /// `trusted`: YooKassa's notifications may come from this machine (else only YooKassa's published networks).
    static func start(
        _ database: TestDatabase, plan: String = "vip", trusted: Bool = true, receipts: Bool = false,
        yookassaTimeout: Double = 45, logger: Logger? = nil,
        configure: @escaping (inout Configuration) -> Void = { _ in }
    ) async throws -> PaymentFixture {
        let gateway = try await GatewayFixture.start(database, plan: plan, logger: logger) { configuration in
            let simulator = configuration.simulatorURL!
            var yookassa = YooKassaSettings(shopID: "shop-1", secretKey: "sk_test_secret")
            yookassa.apiURL = simulator + "/yookassa/v3"
            if trusted { yookassa.trustedNetworks = [IPNetwork("127.0.0.0/8")!, IPNetwork("::1/128")!] }
            yookassa.receipts = receipts
            yookassa.timeoutSeconds = yookassaTimeout
            configuration.payments.yookassa = yookassa
            configuration.payments.telegramAPIURL = simulator + "/telegram"
            configuration.payments.telegramWebhookSecret = Secret(webhookSecret)
            configuration.webAuth.telegramBotToken = Secret(botToken)
            // The tests run the reconciler and renewals themselves; the sweeper would race them.
            configuration.sweepSeconds = 3600
            if let logger { configuration.logLevel = logger.logLevel }
            configure(&configuration)
        }
        let fixture = PaymentFixture(gateway: gateway)
        // As the shop owner would in YooKassa's settings, and as `tollgate telegram set-webhook` does.
        for event in ["payment.succeeded", "payment.canceled"] {
            _ = try await fixture.simulator(
                .POST, "/yookassa/v3/webhooks",
                json: #"{"event": "\#(event)", "url": "\#(fixture.url)/api/v2/billing/yookassa/notifications"}"#,
                headers: [("Authorization", shopAuth), ("Idempotence-Key", UUID().uuidString)])
        }
        _ = try await fixture.simulator(
            .POST, "/telegram/bot\(botToken)/setWebhook",
            json: #"{"url": "\#(fixture.url)/api/v2/telegram/webhook", "secret_token": "\#(webhookSecret)"}"#)
        return fixture
    }

    func stop() async { await gateway.stop() }

    func simulator(_ method: HTTPMethod, _ path: String, json: String? = nil, headers: [(String, String)] = [])
        async throws -> TestHTTP.Reply
    {
        try await TestHTTP.request(method, simulator + path, json: json, headers: headers)
    }

    /// Checks out `product` with `provider` as the fixture's user; the payment object.
    func checkout(_ product: String, provider: String = "yookassa", extra: String = "") async throws -> TestHTTP.Reply {
        try await gateway.post(
            "/api/v2/billing/checkout", #"{"product": "\#(product)", "provider": "\#(provider)"\#(extra)}"#)
    }

    /// A browser that does not follow the page's redirect back (to a dashboard no test serves).
    static let browser: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The user presses "Pay" (or "Cancel") on YooKassa's confirmation page.
    func confirm(_ confirmationURL: String, pay: Bool = true) async throws -> Int {
        var request = HTTPClientRequest(url: confirmationURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "action=\(pay ? "pay" : "cancel")"))
        let response = try await Self.browser.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// The payment as the user's API shows it.
    func payment(_ id: Int64) async throws -> JSONValue {
        try await gateway.get("/api/v2/billing/payments/\(id)").json["payment"] ?? .null
    }

    /// Waits (up to 20 s: the notification's round trip, on a loaded machine) until the payment reaches `status`.
    func waitFor(_ id: Int64, status: String) async throws -> Bool {
        for _ in 0..<400 {
            if try await payment(id)["status"]?.stringValue == status { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
