import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The user documentation (SPEC §16): HTML and raw Markdown, llms.txt, and tables that come from the catalog.
@Suite struct DocumentationPageTests {
    @Test func tablesComeFromTheCatalogAndPlans() throws {
        let catalog = try Catalog.bundled(), plans = try PlanBook.bundled()
        let docs = try Documentation.bundled(catalog: catalog, plans: plans)
        #expect(docs.pages.first?.name == "index" && docs.pages.count >= 11)
        for page in docs.pages { #expect(!page.markdown.contains("<!-- catalog:"), "\(page.name)") }
        let models = try #require(docs.page("models")).markdown
        for model in catalog.models {
            #expect(models.contains("| \(model.name) | `\(model.slug)` |"), "\(model.slug)")
            #expect(models.contains("| \(model.tier.rawValue) | \(model.defaultPrice) |"), "\(model.slug)")
        }
        let billing = try #require(docs.page("billing")).markdown
        for plan in plans.plans {
            #expect(billing.contains("| \(plan.name) | `\(plan.code)` | \(plan.monthlyTokens) |"))
        }
        for package in plans.packages { #expect(billing.contains("| `\(package.code)` | \(package.tokens) |")) }
        // A price changed in the data changes the page.
        let tables = Documentation.tables(catalog: catalog, plans: plans)
        #expect(tables["<!-- catalog:limits -->"]?.contains("| \(plans.plans[0].name) |") == true)
    }

    @Test(arguments: TestDatabase.available)
    func pagesAreServedAsHTMLAndMarkdown(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        try await app.test { client in
            let html = try await client.execute(uri: "/docs/quickstart", method: .get) { $0 }
            #expect(html.status == .ok && html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(buffer: html.body).contains(#"<h2 id="how-do-i-get-an-api-key">"#))
            #expect(!String(buffer: html.body).contains(#"href="authentication.md""#))
            let markdown = try await client.execute(uri: "/docs/models.md", method: .get) { $0 }
            #expect(markdown.headers[.contentType]?.hasPrefix("text/markdown") == true)
            #expect(String(buffer: markdown.body).contains("`gpt-5-nano`"))
            let llms = try await client.execute(uri: "/llms.txt", method: .get) { $0 }
            let text = String(buffer: llms.body)
            #expect(
                text.hasPrefix("# Tollgate") && text.contains("/docs/quickstart.md") && text.contains("/docs/errors.md")
            )
            #expect(try await client.execute(uri: "/docs/nothing", method: .get) { $0 }.status == .notFound)
        }
    }
}
