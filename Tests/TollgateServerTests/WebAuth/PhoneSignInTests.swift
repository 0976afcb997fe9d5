import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Phone registration with an SMS code and phone + password sign-in (SPEC §2), the codes sent through the
/// simulator's SMS.ru.
@Suite struct PhoneSignInTests {
    static let databases = TestDatabase.available

    static func app(_ database: TestDatabase, simulator: RunningSimulator, apiID: String = "sim-api-id")
        async throws -> TestApp
    {
        try await TestApp.withOutbox(database) {
            var sms = SMSSettings(apiID: Secret(apiID))
            sms.baseURL = simulator.url + "/smsru"
            $0.webAuth.sms = sms
        }.0
    }

    /// The code in the newest SMS the fake took for `digits`.
    static func code(_ simulator: RunningSimulator, to digits: String) async throws -> String? {
        let reply = try await TestHTTP.request(.GET, simulator.url + "/smsru/_sim/messages?to=\(digits)")
        guard let text = reply.json["messages"]?.arrayValue?.last?["text"]?.stringValue,
            let range = text.range(of: #"\d{6}"#, options: .regularExpression)
        else { return nil }
        return String(text[range])
    }

    @Test(arguments: databases)
    func registersWithACodeThenSignsInWithThePassword(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let app = try await Self.app(database, simulator: simulator)
        try await app.test { client in
            let sent = try await client.post("/api/v2/auth/phone/send-code", #"{"phone": "+7 (999) 123-45-67"}"#)
            #expect(sent.status == .accepted && sent.json["expires_in"] == 600 && sent.json["resend_in"] == 60)
            let code = try #require(try await Self.code(simulator, to: "79991234567"))

            // A wrong code counts; the right one registers and signs in.
            let wrong = String(format: "%06d", (Int(code)! + 1) % 1_000_000)
            let refused = try await client.post(
                "/api/v2/auth/register-phone",
                #"{"phone": "+79991234567", "code": "\#(wrong)", "password": "correct horse"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.json["details"]?["fields"]?["code"] == "is wrong; 4 tries left")
            let registered = try await client.post(
                "/api/v2/auth/register-phone",
                #"{"phone": "+79991234567", "code": "\#(code)", "password": "correct horse", "username": "phone_user"}"#
            )
            #expect(registered.status == .created && registered.json["is_new_user"] == true)
            #expect(registered.json["user"]?["email"] == .null && registered.json["user"]?["username"] == "phone_user")
            let access = try #require(registered.json["access_token"]?.stringValue)
            let me = try await client.call(.get, "/api/v2/user/me", bearer: access)
            #expect(me.json["phone"] == "+79991234567")
            #expect(me.json["auth_methods"] == ["email": false, "telegram": false, "google": false, "phone": true])

            // The code is spent; the number is taken.
            let again = try await client.post(
                "/api/v2/auth/register-phone",
                #"{"phone": "+79991234567", "code": "\#(code)", "password": "correct horse"}"#)
            #expect(again.status == .unprocessableContent)
            #expect(
                try await client.post("/api/v2/auth/phone/send-code", #"{"phone": "+79991234567"}"#).status == .conflict
            )

            let login = try await client.post(
                "/api/v2/auth/login-phone", #"{"phone": "+7 999 123 45 67", "password": "correct horse"}"#)
            #expect(login.status == .ok && login.json["user"]?["id"] == registered.json["user"]?["id"])
            let bad = try await client.post(
                "/api/v2/auth/login-phone", #"{"phone": "+79991234567", "password": "wrong horse"}"#)
            #expect(bad.status == .unauthorized)
            let unknown = try await client.post(
                "/api/v2/auth/login-phone", #"{"phone": "+79990000000", "password": "correct horse"}"#)
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test(arguments: databases)
    func codesAreLimitedInAttemptsAndResends(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let app = try await Self.app(database, simulator: simulator)
        try await app.test { client in
            #expect(
                try await client.post("/api/v2/auth/phone/send-code", #"{"phone": "+79990001122"}"#).status == .accepted
            )
            // Another code only after the resend wait.
            let soon = try await client.post("/api/v2/auth/phone/send-code", #"{"phone": "+79990001122"}"#)
            #expect(soon.status == .tooManyRequests && soon.json["retry_after"]?.intValue ?? 0 > 0)
            let code = try #require(try await Self.code(simulator, to: "79990001122"))
            let wrong = String(format: "%06d", (Int(code)! + 1) % 1_000_000)
            for _ in 0..<5 {
                let reply = try await client.post(
                    "/api/v2/auth/register-phone",
                    #"{"phone": "+79990001122", "code": "\#(wrong)", "password": "correct horse"}"#)
                #expect(reply.status == .unprocessableContent)
            }
            // Five wrong tries spent the code: the right one no longer works.
            let late = try await client.post(
                "/api/v2/auth/register-phone",
                #"{"phone": "+79990001122", "code": "\#(code)", "password": "correct horse"}"#)
            #expect(late.status == .unprocessableContent)
            #expect(late.json["details"]?["fields"]?["code"]?.stringValue?.contains("ask for a new code") == true)

            // A number the gateway refuses (SMS.ru's 202) is the caller's: a 422 as well.
            for body in [
                #"{"phone": "89991234567"}"#, #"{"phone": "+0123456789"}"#, #"{"phone": "+7999abc"}"#,
                #"{"phone": "+10000000"}"#,
            ] {
                let reply = try await client.post("/api/v2/auth/phone/send-code", body)
                #expect(reply.status == .unprocessableContent && reply.json["details"]?["fields"]?["phone"] != nil)
            }
        }
    }

    @Test(arguments: databases)
    func aGatewayRefusalIs502AndNotConfiguredIs503(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let app = try await Self.app(database, simulator: simulator, apiID: "bad")
        try await app.test { client in
            let reply = try await client.post("/api/v2/auth/phone/send-code", #"{"phone": "+79991112233"}"#)
            #expect(reply.status == .badGateway && reply.json["error"] == "sign_in_provider_error")
            // The code never arrived, so asking again is not held back by the resend wait.
            let again = try await client.post("/api/v2/auth/phone/send-code", #"{"phone": "+79991112233"}"#)
            #expect(again.status == .badGateway)
        }
        let (plain, _) = try await TestApp.withOutbox(database)
        try await plain.test { client in
            let reply = try await client.post("/api/v2/auth/phone/send-code", #"{"phone": "+79991112233"}"#)
            #expect(reply.status == .serviceUnavailable && reply.json["error"] == "not_configured")
        }
    }
}
