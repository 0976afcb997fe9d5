import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateServices

/// The public pages: the landing page (the models, plans and packages with prices), the user documentation as
/// HTML at `/docs/<page>` and raw at `/docs/<page>.md`, `/llms.txt`, and the hand-written static assets.
struct SitePages {
    let services: Services
    let renderer: PageRenderer
    let baseURL: PublicBaseURL
    let openAPI: OpenAPIDocument

    /// The static assets, read once at start: name → (bytes, content type).
    let assets: [String: (ByteBuffer, String)]

    init(services: Services, renderer: PageRenderer, baseURL: PublicBaseURL, openAPI: OpenAPIDocument) throws {
        self.services = services
        self.renderer = renderer
        self.baseURL = baseURL
        self.openAPI = openAPI
        var assets: [String: (ByteBuffer, String)] = [:]
        for (name, type) in [("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8")] {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources/static")
            else { throw APIError.internal("The static asset \(name) is missing from the build.") }
            assets[name] = (ByteBuffer(bytes: try Data(contentsOf: url)), type)
        }
        self.assets = assets
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/") { _, context in landing(context) }
        group.get("docs") { _, context in try doc("index", context) }
        group.get("docs/api") { request, context in apiReference(request, context) }
        group.get("docs/:page") { _, context in
            let name = context.parameters.get("page") ?? ""
            if name.hasSuffix(".md") { return try markdown(String(name.dropLast(3))) }
            return try doc(name, context)
        }
        group.get("llms.txt") { request, _ in
            text(services.documentation.llmsText(baseURL: baseURL.resolve(request)), type: "text/plain; charset=utf-8")
        }
        group.get("static/:name") { _, context in
            guard let (bytes, type) = assets[context.parameters.get("name") ?? ""] else { throw APIError.notFound() }
            var headers = HTTPFields()
            headers[.contentType] = type
            headers[.cacheControl] = "public, max-age=300"
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
        }
    }

    func landing(_ context: AppRequestContext) -> Response {
        let categories = ModelCategory.allCases.map { category -> [String: Any] in
            let models = services.catalog.models.filter { $0.category == category }
            return [
                "name": category.rawValue,
                "models": models.map { PageValues.model($0, available: services.generations.isAvailable($0)) },
            ]
        }.filter { !($0["models"] as? [Any] ?? []).isEmpty }
        let plans = services.plans.plans.map { plan -> [String: Any] in
            [
                "name": plan.name, "tokens": plan.monthlyTokens, "signup": plan.signupTokens, "rub": plan.priceRub,
                "stars": plan.priceStars,
                "hour": PageValues.limit(plan.limitHour, unlimited: renderer.text("unlimited", context.language)),
                "day": PageValues.limit(plan.limitDay, unlimited: renderer.text("unlimited", context.language)),
                "api": plan.apiAccess,
                "all": plan.modelAccess == .all, "free": !plan.isPaid,
            ]
        }
        let packages = services.plans.packages.map {
            ["name": $0.name, "tokens": $0.tokens, "rub": $0.priceRub, "stars": $0.priceStars] as [String: Any]
        }
        return renderer.page(
            "landing",
            [
                "categories": categories, "plans": plans, "packages": packages,
                "modelCount": services.catalog.models.count,
            ],
            context: context, title: "Tollgate", formToken: context.formToken)
    }

    func doc(_ name: String, _ context: AppRequestContext) throws -> Response {
        guard let page = services.documentation.page(name) else { throw APIError.notFound("No such page.") }
        let nav = services.documentation.pages.map { ["name": $0.name, "title": $0.title, "current": $0.name == name] }
        return renderer.page(
            "doc", ["html": page.html, "docsNav": nav, "name": page.name], context: context, title: page.title,
            section: "docs", formToken: context.formToken)
    }

    /// `/docs/api`: every operation of the OpenAPI document, grouped by tag, as plain HTML.
    func apiReference(_ request: Request, _ context: AppRequestContext) -> Response {
        let groups = openAPI.tags.map { tag -> [String: Any] in
            let operations = openAPI.operations.filter { $0.tag == tag.name }.map { operation -> [String: Any] in
                let fields = (operation.parameters + operation.bodyFields).map {
                    [
                        "name": $0.name, "location": $0.location, "type": $0.type, "required": $0.required,
                        "description": HTMLText.withInlineCode($0.description),
                    ] as [String: Any]
                }
                return [
                    "method": operation.method, "methodClass": operation.method.lowercased(), "path": operation.path,
                    "anchor": operation.id, "summary": HTMLText.withInlineCode(operation.summary),
                    "description": HTMLText.withInlineCode(operation.description), "open": !operation.authenticated,
                    "fields": fields, "hasFields": !fields.isEmpty,
                    "responses": operation.responses.map {
                        ["status": $0.status, "description": HTMLText.withInlineCode($0.description)]
                    },
                ]
            }
            return ["name": tag.name, "description": tag.description, "operations": operations]
        }.filter { !($0["operations"] as? [Any] ?? []).isEmpty }
        return renderer.page(
            "api_reference", ["groups": groups, "baseURL": baseURL.resolve(request)], context: context,
            title: "API reference", section: "docs", formToken: context.formToken)
    }

    func markdown(_ name: String) throws -> Response {
        guard let page = services.documentation.page(name) else { throw APIError.notFound("No such page.") }
        return text(page.markdown, type: "text/markdown; charset=utf-8")
    }

    func text(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
