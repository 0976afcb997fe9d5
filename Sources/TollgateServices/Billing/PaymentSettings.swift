import TollgateCore

/// The payment providers (SPEC §13): YooKassa, and Telegram Stars through the bot. A provider without its
/// credentials is off; checking out with it answers 503.
public struct PaymentSettings: Sendable, Equatable {
    /// YooKassa's shop and where to reach it; nil when `yookassa.shop_id` or the secret key is missing.
    public var yookassa: YooKassaSettings?
    /// The Bot API's base URL (Stars invoices and the bot).
    public var telegramAPIURL = "https://api.telegram.org"
    /// The secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token` with every update (secret).
    public var telegramWebhookSecret: Secret?

    public init() {}

    /// The setting names this reads (the bot token is web auth's `telegram.bot_token`).
    static let keys = [
        "yookassa.shop_id", "yookassa.secret_key", "yookassa.api_url", "yookassa.trusted_networks",
        "yookassa.receipts", "yookassa.vat_code", "yookassa.tax_system_code", "yookassa.timeout_seconds",
        "telegram.api_url",
        "telegram.webhook_secret",
    ]

    init(reader: ConfigurationReader) throws {
        if let shopID = try reader.string("yookassa.shop_id") {
            guard let secret = reader.layers.secret("yookassa.secret_key") else {
                throw ConfigurationError(
                    key: "yookassa.secret_key",
                    message: "is required with yookassa.shop_id (TOLLGATE_YOOKASSA_SECRET_KEY or its _FILE)")
            }
            var settings = YooKassaSettings(shopID: shopID, secretKey: secret.revealed)
            settings.apiURL = try reader.string("yookassa.api_url").map(Self.trimmed) ?? settings.apiURL
            if let networks = try reader.string("yookassa.trusted_networks") {
                settings.trustedNetworks = try networks.split(separator: ",").map { text in
                    let text = text.trimmingCharacters(in: .whitespaces)
                    guard let network = IPNetwork(text) else {
                        throw ConfigurationError(
                            key: "yookassa.trusted_networks", message: "'\(text)' is not a CIDR range")
                    }
                    return network
                }
            }
            settings.receipts = try reader.bool("yookassa.receipts") ?? settings.receipts
            settings.vatCode = try reader.int("yookassa.vat_code", in: 1...12) ?? settings.vatCode
            settings.taxSystemCode = try reader.int("yookassa.tax_system_code", in: 1...6)
            settings.timeoutSeconds =
                try reader.double("yookassa.timeout_seconds", in: 1...300) ?? settings.timeoutSeconds
            yookassa = settings
        }
        telegramAPIURL = try reader.string("telegram.api_url").map(Self.trimmed) ?? telegramAPIURL
        telegramWebhookSecret = reader.layers.secret("telegram.webhook_secret")
    }

    static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
}

/// A YooKassa shop (SPEC §13).
public struct YooKassaSettings: Sendable, Equatable {
    public var shopID: String
    /// The shop's secret key (secret: environment or `_FILE` only).
    public var secretKey: Secret
    public var apiURL = "https://api.yookassa.ru/v3"
    /// Where notifications may come from: YooKassa's published ranges unless configured.
    public var trustedNetworks: [IPNetwork] = YooKassaSettings.publishedNetworks
    /// Send a 54-FZ receipt with each payment.
    public var receipts = false
    /// The receipt item's VAT code (1: no VAT).
    public var vatCode = 1
    /// The shop's tax system code, if the receipt must name it.
    public var taxSystemCode: Int?
    /// Longest wait for one of YooKassa's answers; a create that times out is sent again with its key.
    public var timeoutSeconds: Double = 45

    public init(shopID: String, secretKey: String) {
        self.shopID = shopID
        self.secretKey = Secret(secretKey)
    }

    /// The addresses YooKassa sends notifications from (its documentation, reference facts A.6).
    public static let publishedNetworks: [IPNetwork] = [
        "185.71.76.0/27", "185.71.77.0/27", "77.75.153.0/25", "77.75.156.11/32", "77.75.156.35/32", "77.75.154.128/25",
        "2a02:5180::/32",
    ].compactMap(IPNetwork.init)
}
