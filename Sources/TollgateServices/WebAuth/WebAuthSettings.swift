import TollgateCore

/// Web sign-in settings (SPEC §2): token signing, password hashing cost, login attempt limits, the
/// Telegram bot token and the mail transport. Emailed links start with the instance's `public_url`.
public struct WebAuthSettings: Sendable, Equatable {
    /// HS256 key for access tokens (secret: environment only). Nil: one is generated at first start and
    /// kept in the database, so every instance shares it.
    public var jwtSecret: Secret?
    /// Lifetime of an access token.
    public var accessTokenSeconds = 900
    /// Lifetime of a refresh token; each use issues a new one.
    public var refreshTokenDays = 30
    /// bcrypt cost (log2 rounds).
    public var bcryptCost = 12
    /// Login attempts one account (by email) may make per window before answering 429.
    public var loginAttemptsPerAccount = 10
    /// Login attempts one client address may make per window before answering 429.
    public var loginAttemptsPerAddress = 50
    /// The fixed window the attempt limits count in.
    public var loginWindowSeconds = 900
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a proxy that sets it).
    public var trustForwardedFor = false
    /// The Telegram bot token that signs Login Widget payloads (secret); nil disables Telegram sign-in.
    public var telegramBotToken: Secret?
    /// The bot's username (without `@`): the Login Widget and the dashboard's "connect Telegram" link name it.
    public var telegramBotUsername: String?
    /// Outgoing mail; nil writes messages to the log instead.
    public var smtp: SMTPSettings?
    /// Google sign-in; nil disables it.
    public var google: GoogleSignInSettings?
    /// The SMS gateway of phone registration; nil disables phone sign-up.
    public var sms: SMSSettings?
    /// How long an SMS code lives.
    public var smsCodeSeconds = 600
    /// Wrong tries one SMS code allows before it is spent.
    public var smsCodeAttempts = 5
    /// Shortest wait before another code is sent to the same number.
    public var smsResendSeconds = 60
    /// Codes one number, or one client address, may be sent per day.
    public var smsPerDay = 10

    public init() {}

    /// The setting names this reads.
    static let keys =
        [
            "jwt_secret", "access_token_seconds", "refresh_token_days", "bcrypt_cost", "login.attempts_per_account",
            "login.attempts_per_address", "login.window_seconds", "login.trust_forwarded_for", "telegram.bot_token",
            "telegram.bot_username", "sms.code_seconds", "sms.code_attempts", "sms.resend_seconds", "sms.per_day",
        ] + SMTPSettings.keys + GoogleSignInSettings.keys + SMSSettings.keys

    init(reader: ConfigurationReader) throws {
        jwtSecret = reader.layers.secret("jwt_secret")
        if let secret = jwtSecret, secret.revealed.utf8.count < 32 {
            throw ConfigurationError(key: "jwt_secret", message: "must be at least 32 bytes")
        }
        accessTokenSeconds = try reader.int("access_token_seconds", in: 60...86_400) ?? accessTokenSeconds
        refreshTokenDays = try reader.int("refresh_token_days", in: 1...365) ?? refreshTokenDays
        bcryptCost = try reader.int("bcrypt_cost", in: 4...16) ?? bcryptCost
        loginAttemptsPerAccount =
            try reader.int("login.attempts_per_account", in: 1...10_000) ?? loginAttemptsPerAccount
        loginAttemptsPerAddress =
            try reader.int("login.attempts_per_address", in: 1...1_000_000) ?? loginAttemptsPerAddress
        loginWindowSeconds = try reader.int("login.window_seconds", in: 10...86_400) ?? loginWindowSeconds
        trustForwardedFor = try reader.bool("login.trust_forwarded_for") ?? trustForwardedFor
        telegramBotToken = reader.layers.secret("telegram.bot_token")
        telegramBotUsername = try reader.string("telegram.bot_username").map {
            $0.hasPrefix("@") ? String($0.dropFirst()) : $0
        }
        smtp = try SMTPSettings(reader: reader)
        google = try GoogleSignInSettings(reader: reader)
        sms = try SMSSettings(reader: reader)
        smsCodeSeconds = try reader.int("sms.code_seconds", in: 60...86_400) ?? smsCodeSeconds
        smsCodeAttempts = try reader.int("sms.code_attempts", in: 1...20) ?? smsCodeAttempts
        smsResendSeconds = try reader.int("sms.resend_seconds", in: 0...3600) ?? smsResendSeconds
        smsPerDay = try reader.int("sms.per_day", in: 1...10_000) ?? smsPerDay
    }
}

/// An SMTP relay for outgoing mail: plain SMTP with optional `AUTH PLAIN`, STARTTLS (port 587, the default
/// there), or implicit TLS (port 465).
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port = 25
    public var username: String?
    public var password: Secret?
    /// The sender address.
    public var from: String
    /// Connect with TLS from the first byte (SMTPS), rather than plain text.
    public var tls = false
    /// Upgrade the plain connection with STARTTLS before anything else is sent; refuse a server that does not
    /// offer it.
    public var starttls = false
    /// A PEM file of the certificate authorities to trust instead of the system's (a private relay).
    public var caFile: String?

    public init(host: String, port: Int = 25, from: String) {
        self.host = host
        self.port = port
        self.from = from
    }

    static let keys = [
        "smtp.host", "smtp.port", "smtp.username", "smtp.password", "smtp.from", "smtp.tls", "smtp.starttls",
        "smtp.ca_file",
    ]

    /// The settings, or nil when no `smtp.host` is set.
    init?(reader: ConfigurationReader) throws {
        guard let host = try reader.string("smtp.host") else { return nil }
        self.host = host
        port = try reader.int("smtp.port", in: 1...65535) ?? port
        username = try reader.string("smtp.username")
        password = reader.layers.secret("smtp.password")
        guard let from = try reader.string("smtp.from") else {
            throw ConfigurationError(key: "smtp.from", message: "is required when smtp.host is set")
        }
        self.from = from
        tls = try reader.bool("smtp.tls") ?? tls
        starttls = try reader.bool("smtp.starttls") ?? (port == 587 && !tls)
        caFile = try reader.string("smtp.ca_file")
        if tls && starttls {
            throw ConfigurationError(key: "smtp.starttls", message: "cannot be used with smtp.tls (already TLS)")
        }
    }
}
