import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// `/openapi.json` (SPEC §17): the document lists exactly the router's API routes, names the statuses the
/// SPEC gives them, and `/docs/api` renders it. (Its validity against the OpenAPI 3.1 schema and the answers'
/// conformance are checked by scripts/api-test with openapi-spec-validator and schemathesis.)
@Suite struct OpenAPIDocumentTests {
    /// Whether a route is part of the machine-readable API (the HTML pages are not).
    static func isAPI(_ path: String) -> Bool {
        path.hasPrefix("/api/v2/") || path.hasPrefix("/v1/")
            || ["/healthz", "/readyz", "/metrics", "/openapi.json", "/files/{name}"].contains(path)
    }

    @Test func theDocumentAndTheRouterListTheSameRoutes() async throws {
        let app = try await TestApp.make(.sqlite)
        let router = try buildRouter(services: app.services)
        let routed = Set(
            router.routes.map { route in
                let path = "/" + route.path.description.split(separator: "/").joined(separator: "/")
                return "\(route.method.rawValue) \(path)"
            }.filter { Self.isAPI(String($0.split(separator: " ")[1])) })
        let document = try OpenAPIDocument.bundled()
        let described = Set(document.operations.map { "\($0.method) \($0.path)" })
        #expect(routed.subtracting(described).sorted() == [], "routes the document does not describe")
        #expect(described.subtracting(routed).sorted() == [], "described routes the router does not have")
        #expect(routed.count > 40)
        await app.close()
    }

    @Test func everyOperationIsNamedAndDeclaresItsErrors() throws {
        let document = try OpenAPIDocument.bundled()
        let ids = document.operations.map(\.id)
        #expect(Set(ids).count == ids.count && !ids.contains(""), "operationIds are unique and present")
        for operation in document.operations {
            let statuses = Set(operation.responses.map(\.status))
            #expect(statuses.contains { $0.hasPrefix("2") || $0.hasPrefix("3") }, "\(operation.id) has no success")
            if operation.authenticated {
                #expect(statuses.contains("401"), "\(operation.id) does not declare 401")
            }
        }
        // The generation routes declare the SPEC's upstream states and the money statuses.
        let generate = try #require(document.operations.first { $0.method == "POST" && $0.path == "/api/v2/generate" })
        let statuses = Set(generate.responses.map(\.status))
        #expect(
            statuses.isSuperset(of: [
                "200", "400", "401", "402", "403", "404", "409", "413", "422", "429", "500", "503", "504",
            ]))
        let model = try #require(generate.bodyFields.first { $0.name == "model" })
        #expect(model.required && model.type.hasPrefix("one of gpt-5-nano, ") && model.type.hasSuffix("in all)"))
    }

    @Test func theServerServesItAndRendersTheReference() async throws {
        let app = try await TestApp.make(.sqlite)
        try await app.test { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let root = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect((root["openapi"] as? String)?.hasPrefix("3.1") == true)
                let schemes = (root["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
                #expect(schemes?.keys.contains("bearerKey") == true)
            }
            try await client.execute(uri: "/docs/api", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("/api/v2/generate/{id}") && html.contains("/v1/chat/completions"))
                // The generate body's fields (merged over its per-model variants) and backticked names as code.
                #expect(html.contains("<td><code>model</code></td>") && html.contains("<td><code>prompt</code></td>"))
                #expect(html.contains("<code>insufficient_tokens</code>"))
                #expect(!html.contains("<script>"))
            }
        }
        await app.close()
    }

    @Test func descriptionsAreEscapedWithTheirCodeKept() {
        #expect(HTMLText.withInlineCode("a `<b>` & c") == "a <code>&lt;b&gt;</code> &amp; c")
        #expect(HTMLText.withInlineCode("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTMLText.withInlineCode("odd ` tick") == "odd ` tick")
        #expect(HTMLText.withInlineCode("`x` and `y") == "<code>x</code> and `y")
    }
}
