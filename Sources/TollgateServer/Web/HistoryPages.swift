import Foundation
import Hummingbird
import NIOCore
import TollgateCore
import TollgateServices

/// `/dashboard/history` (SPEC §14): the account's generations with previews and the filters of `/user/history`,
/// favourite, rate and delete, and the same list as CSV.
struct HistoryPages {
    let services: Services
    let renderer: PageRenderer

    static let filterNames = ["category", "model_slug", "status", "favorites_only"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("dashboard/history") { request, context in try await history(request, context) }
        group.get("dashboard/history.csv") { request, context in try await csv(request, context) }
        group.post("dashboard/history/:id/:action") { request, context in
            let web = try DashboardPages.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            let id = try DashboardPages.id(context)
            switch context.parameters.get("action") {
            case "favorite": _ = try await services.users.toggleFavorite(accountID: web.account.id, generationID: id)
            case "rate":
                _ = try await services.users.rate(
                    accountID: web.account.id, generationID: id, rating: Int64(form["rating"] ?? "").map(JSONValue.int))
            case "delete": try await services.users.delete(accountID: web.account.id, generationID: id)
            default: throw APIError.notFound()
            }
            return Response.redirect(to: SignInPages.localPath(form["back"]) ?? "/dashboard/history")
        }
    }

    /// The filters of the request's query, as `/user/history` reads them (blank ones dropped).
    static func filters(_ request: Request) -> [String: String] {
        var items: [String: String] = [:]
        for name in filterNames + ["page"] {
            if let value = request.uri.queryParameters[Substring(name)], !value.isEmpty { items[name] = String(value) }
        }
        return items
    }

    func history(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let web = try DashboardPages.signedIn(context)
        var items = Self.filters(request)
        let query: HistoryQuery
        var problem: String?
        do {
            query = try HistoryQuery(items)
        } catch let error as APIError {
            problem = SignInPages.message(error)
            items = [:]
            query = try HistoryQuery([:])
        }
        // No total: a count reads every matching row, and a page must stay fast with 100,000 generations.
        let page = try await services.users.history(accountID: web.account.id, query: query, countLimit: 0)
        let filterQuery = items.filter { $0.key != "page" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        let back = "/dashboard/history" + (request.uri.query.map { "?" + $0 } ?? "")
        let data: [String: Any] = [
            "items": page.items.map { PageValues.generation($0.generation, modelName: $0.modelName) },
            "hasItems": !page.items.isEmpty,
            "page": page.page,
            "previous": (page.page > 1 ? "?\(filterQuery)&page=\(page.page - 1)" : nil) as Any,
            "next": (page.items.count == page.limit ? "?\(filterQuery)&page=\(page.page + 1)" : nil) as Any,
            "csv": "/dashboard/history.csv?" + filterQuery,
            "back": back,
            "error": problem as Any,
            "categories": ModelCategory.allCases.map(\.rawValue).map {
                ["value": $0, "selected": $0 == (items["category"] ?? "")]
            },
            "statuses": ["completed", "failed", "pending"].map {
                ["value": $0, "selected": $0 == (items["status"] ?? "")]
            },
            "modelSlug": items["model_slug"] ?? "",
            "favoritesOnly": items["favorites_only"] == "true",
            "ratings": [1, 2, 3, 4, 5],
        ]
        return renderer.page(
            "history", data, context: context, title: renderer.text("nav_history", context.language),
            section: "history")
    }

    /// Every matching generation, newest first, as CSV (at most `maxRows`), written page by page.
    func csv(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let web = try DashboardPages.signedIn(context)
        var items = Self.filters(request)
        items["limit"] = "100"
        // A bad filter is a 422 before the download starts.
        _ = try HistoryQuery(items)
        let users = services.users
        let filters = items
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = #"attachment; filename="tollgate-history.csv""#
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(
                    ByteBuffer(
                        string: "id,created_at,model,category,status,tokens_spent,prompt,result_url,favorite,rating\n"))
                var items = filters
                var page = 1
                while page <= Self.maxRows / 100 {
                    items["page"] = String(page)
                    let batch = try await users.history(
                        accountID: web.account.id, query: try HistoryQuery(items), countLimit: 0)
                    guard !batch.items.isEmpty else { break }
                    var text = ""
                    for entry in batch.items {
                        let g = entry.generation
                        text +=
                            [
                                String(g.id), g.createdAt.iso8601, g.modelSlug, g.category, g.status.rawValue,
                                String(g.tokensSpent), g.prompt ?? "", g.resultURL ?? "", g.isFavorite ? "1" : "0",
                                g.rating.map(String.init) ?? "",
                            ].map(Self.cell).joined(separator: ",") + "\n"
                    }
                    try await writer.write(ByteBuffer(string: text))
                    if batch.items.count < 100 { break }
                    page += 1
                }
                try await writer.finish(nil)
            })
    }

    static let maxRows = 100_000

    /// One CSV cell (RFC 4180 quoting); a text a spreadsheet would run as a formula starts with `'`.
    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\n\r".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
