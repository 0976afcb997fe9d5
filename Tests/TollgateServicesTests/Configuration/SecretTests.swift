import Foundation
import Testing
import TollgateCore

@testable import TollgateServices

/// Issue 24 §2: no secret prints itself — not in a description, a debug description, a reflected dump or a
/// string interpolation of anything that holds it.
@Suite struct SecretTests {
    static let secrets = [
        "TOLLGATE_PROVIDERS_OPENAI_API_KEY": "sk-openai-SECRET-1",
        "TOLLGATE_JWT_SECRET": "jwt-SECRET-2-jwt-SECRET-2-jwt-SECRET-2-xx",
        "TOLLGATE_DATABASE": "postgres://tollgate:pg-SECRET-3@db.internal:5432/tollgate",
        "TOLLGATE_SMTP_PASSWORD": "smtp-SECRET-4",
        "TOLLGATE_TELEGRAM_BOT_TOKEN": "123:bot-SECRET-5",
        "TOLLGATE_TELEGRAM_WEBHOOK_SECRET": "hook-SECRET-6",
        "TOLLGATE_YOOKASSA_SECRET_KEY": "test_yk-SECRET-7",
        "TOLLGATE_S3_SECRET": "s3-SECRET-8",
    ]

    static func everySecretHidden(in text: String) -> Bool {
        !text.contains("SECRET")
    }

    @Test func aSecretNeverPrintsItself() {
        let secret = Secret("hunter2-SECRET")
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped, "\([secret])"] {
            #expect(Self.everySecretHidden(in: text), "\(text)")
        }
        #expect(secret.revealed == "hunter2-SECRET")
    }

    @Test func noSettingsValueShowsASecret() throws {
        var environment = Self.secrets
        environment["TOLLGATE_SMTP_HOST"] = "mail.example.com"
        environment["TOLLGATE_SMTP_FROM"] = "noreply@example.com"
        environment["TOLLGATE_YOOKASSA_SHOP_ID"] = "12345"
        environment["TOLLGATE_S3_ENDPOINT"] = "https://s3.example.com"
        environment["TOLLGATE_S3_BUCKET"] = "files"
        let configuration = try Configuration.load(environment: environment)
        // Every secret arrived…
        #expect(configuration.providers["openai"]?.apiKey?.revealed == "sk-openai-SECRET-1")
        #expect(configuration.databaseURL?.revealed.contains("pg-SECRET-3") == true)
        #expect(configuration.webAuth.smtp?.password?.revealed == "smtp-SECRET-4")
        #expect(configuration.payments.yookassa?.secretKey.revealed == "test_yk-SECRET-7")
        #expect(configuration.s3?.secret.revealed == "s3-SECRET-8")
        // …and nothing that holds them shows them, however it is printed.
        let holders: [Any] = [
            configuration, configuration.webAuth, configuration.payments, configuration.providers,
            configuration.s3 as Any, configuration.payments.yookassa as Any, configuration.webAuth.smtp as Any,
            providerEndpoints(configuration),
        ]
        for holder in holders {
            var dumped = ""
            dump(holder, to: &dumped)
            #expect(Self.everySecretHidden(in: dumped), "\(dumped)")
            #expect(Self.everySecretHidden(in: String(describing: holder)))
            #expect(Self.everySecretHidden(in: String(reflecting: holder)))
        }
    }
}
