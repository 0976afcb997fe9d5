import Foundation
import Logging
import Testing

@testable import TollgateServices

/// Web sign-in settings: secrets only from the environment, the mailer chosen by `smtp.host`.
@Suite struct WebAuthSettingsTests {
    @Test func readsSettingsAndSecretsFromTheEnvironment() throws {
        let configuration = try Configuration.load(environment: [
            "TOLLGATE_JWT_SECRET": String(repeating: "x", count: 40),
            "TOLLGATE_TELEGRAM_BOT_TOKEN": "123:abc",
            "TOLLGATE_BCRYPT_COST": "10",
            "TOLLGATE_LOGIN_ATTEMPTS_PER_ACCOUNT": "4",
            "TOLLGATE_LOGIN_TRUST_FORWARDED_FOR": "true",
            "TOLLGATE_SMTP_HOST": "mail.example.com",
            "TOLLGATE_SMTP_PORT": "465",
            "TOLLGATE_SMTP_TLS": "true",
            "TOLLGATE_SMTP_FROM": "noreply@example.com",
            "TOLLGATE_SMTP_PASSWORD": "hunter22",
        ])
        let settings = configuration.webAuth
        #expect(settings.jwtSecret?.revealed == String(repeating: "x", count: 40))
        #expect(settings.telegramBotToken?.revealed == "123:abc")
        #expect(settings.bcryptCost == 10 && settings.loginAttemptsPerAccount == 4 && settings.trustForwardedFor)
        #expect(settings.smtp?.host == "mail.example.com" && settings.smtp?.port == 465 && settings.smtp?.tls == true)
        #expect(settings.smtp?.password == "hunter22")
        #expect(configuredMailer(configuration, logger: Logger(label: "test")) is SMTPMailer)
        #expect(configuredMailer(Configuration(), logger: Logger(label: "test")) is LogMailer)
    }

    @Test func refusesBadValues() throws {
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["TOLLGATE_JWT_SECRET": "short"])
        }
        #expect(throws: ConfigurationError.self) { try Configuration.load(environment: ["TOLLGATE_BCRYPT_COST": "3"]) }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["TOLLGATE_SMTP_HOST": "mail.example.com"])
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-\(UUID().uuidString).json")
        try Data(#"{"jwt_secret": "0123456789abcdef0123456789abcdef"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(flags: ["config": file.path], environment: [:])
        }
        let telegram = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tollgate-\(UUID().uuidString).json")
        try Data(#"{"telegram": {"bot_token": "1:x"}}"#.utf8).write(to: telegram)
        defer { try? FileManager.default.removeItem(at: telegram) }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(flags: ["config": telegram.path], environment: [:])
        }
    }

    @Test func readsGoogleSMSAndStartTLSSettings() throws {
        let configuration = try Configuration.load(environment: [
            "TOLLGATE_GOOGLE_CLIENT_ID": "web.apps.googleusercontent.com, android.apps.googleusercontent.com",
            "TOLLGATE_GOOGLE_CLIENT_SECRET": "GOCSPX-x",
            "TOLLGATE_GOOGLE_KEYS_URL": "http://127.0.0.1:9/google-oauth/oauth2/v3/certs",
            "TOLLGATE_SMS_API_KEY": "ABCD-1234",
            "TOLLGATE_SMS_BASE_URL": "http://127.0.0.1:9/smsru",
            "TOLLGATE_SMS_CODE_ATTEMPTS": "3",
            "TOLLGATE_SMTP_HOST": "mail.example.com",
            "TOLLGATE_SMTP_PORT": "587",
            "TOLLGATE_SMTP_FROM": "noreply@example.com",
        ])
        let settings = configuration.webAuth
        #expect(settings.google?.clientIDs == ["web.apps.googleusercontent.com", "android.apps.googleusercontent.com"])
        #expect(settings.google?.clientSecret?.revealed == "GOCSPX-x")
        #expect(settings.google?.keysURL == "http://127.0.0.1:9/google-oauth/oauth2/v3/certs")
        #expect(settings.google?.tokenURL == "https://oauth2.googleapis.com/token")
        #expect(settings.sms?.apiID.revealed == "ABCD-1234" && settings.sms?.baseURL == "http://127.0.0.1:9/smsru")
        #expect(settings.smsCodeAttempts == 3 && settings.smsCodeSeconds == 600)
        // Port 587 is the submission port: STARTTLS unless told otherwise.
        #expect(settings.smtp?.starttls == true && settings.smtp?.tls == false)
        #expect(Configuration().webAuth.google == nil && Configuration().webAuth.sms == nil)
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["TOLLGATE_SMS_API_KEY": "x", "TOLLGATE_SMS_BASE_URL": "ftp://x"])
        }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: [
                "TOLLGATE_SMTP_HOST": "m", "TOLLGATE_SMTP_FROM": "a@b.c", "TOLLGATE_SMTP_TLS": "true",
                "TOLLGATE_SMTP_STARTTLS": "true",
            ])
        }
    }
}
