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
                // Every metric the README lists, with its help line.
                for name in [
                    "tollgate_http_requests_total", "tollgate_http_request_duration_seconds",
                    "tollgate_build_info", "tollgate_process_start_time_seconds",
                    "tollgate_process_resident_memory_bytes",
                    "tollgate_process_open_fds",
                ] {
                    #expect(text.contains("# HELP \(name) "), "\(name)")
                }
                #expect(text.contains("tollgate_build_info{version=\"\(TollgateVersion.current)\"} 1"))
            }
            // A provider's recent calls appear once it has been called.
            app.services.providers.transport.stats.record(
                providerID: "openai", duration: .milliseconds(120), failed: false, at: 1)
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("tollgate_provider_recent_calls{provider=\"openai\"} 1"))
                #expect(text.contains("tollgate_provider_latency_p50_seconds{provider=\"openai\"} 0.12"))
                #expect(text.contains("tollgate_provider_error_ratio{provider=\"openai\"} 0"))
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
            // A known path with a method it does not have: 405 with Allow, in the surface's shape.
            try await client.execute(uri: "/api/v2/balance", method: .put, headers: .bearer(key)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.json["error"] == "method_not_allowed")
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/api/v2/keys/7", method: .get, headers: .bearer(key)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "DELETE, PATCH")
            }
            try await client.execute(uri: "/v1/chat/completions", method: .get, headers: .bearer(key)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                #expect(response.json["error"]?["code"] == "method_not_allowed")
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
