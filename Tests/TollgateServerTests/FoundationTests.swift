import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Health, errors and input handling over HTTP, on every database.
@Suite struct FoundationTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func healthReadinessAndMetrics(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        try await app.test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] == "ok")
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] == "ready")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("tollgate_http_requests_total"))
                #expect(text.contains("route=\"/healthz\""))
            }
        }
    }

    @Test(arguments: databases)
    func everyErrorUsesTheEnvelope(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database) { $0.maxBodyBytes = 2048 }
        let (_, key) = try await app.account()
        try await app.test { client in
            // Unknown route.
            try await client.execute(uri: "/api/v2/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.json["error"] == "not_found")
                #expect(response.json["details"] == .object([:]))
            }
            // Malformed JSON.
            try await client.execute(
                uri: "/api/v2/keys", method: .post, headers: .bearer(key), body: .json("{\"name\": ")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["error"] == "bad_request")
            }
            // Wrong content type.
            var form = HTTPFields.bearer(key)
            form[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(uri: "/api/v2/keys", method: .post, headers: form, body: .json("name=x")) {
                response in
                #expect(response.status == .badRequest)
                #expect(response.json["error"] == "bad_request")
            }
            // Oversized body.
            let big = "{\"name\": \"" + String(repeating: "x", count: 4096) + "\"}"
            try await client.execute(uri: "/api/v2/keys", method: .post, headers: .bearer(key), body: .json(big)) {
                response in
                #expect(response.status == .contentTooLarge)
                #expect(response.json["error"] == "payload_too_large")
            }
            // Wrong field type.
            try await client.execute(
                uri: "/api/v2/keys", method: .post, headers: .bearer(key), body: .json("{\"name\": 5}")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["message"]?.stringValue?.contains("name") == true)
            }
            // Unknown model.
            try await client.execute(uri: "/api/v2/models/not-a-model", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.json["error"] == "not_found")
            }
        }
    }
}
