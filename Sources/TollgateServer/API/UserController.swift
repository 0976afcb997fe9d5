import Hummingbird
import TollgateCore
import TollgateServices

/// `/api/v2/user/me`, `/user/settings`, `/user/history` (with favorite, rate and delete) and
/// `/user/stats` (SPEC §5). Reads here never count against the rate limits.
struct UserController {
    let users: UserService
    let baseURL: PublicBaseURL

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("user/me") { _, context in
            JSONBody.response(UserView.me(try await users.profile(accountID: try context.requirePrincipal().accountID)))
        }
        group.patch("user/me") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await Self.object(request, context: context)
            return JSONBody.response(UserView.me(try await users.updateMe(accountID: principal.accountID, body: body)))
        }
        group.get("user/settings") { _, context in
            JSONBody.response(
                UserView.settings(try await users.settings(accountID: try context.requirePrincipal().accountID)))
        }
        group.patch("user/settings") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await Self.object(request, context: context)
            return JSONBody.response(
                UserView.settings(try await users.updateSettings(accountID: principal.accountID, body: body)))
        }
        group.get("user/history") { request, context in
            let principal = try context.requirePrincipal()
            var items: [String: String] = [:]
            for (name, value) in request.uri.queryParameters { items[String(name)] = String(value) }
            return JSONBody.response(
                UserView.history(
                    try await users.history(accountID: principal.accountID, query: try HistoryQuery(items)),
                    baseURL: baseURL.resolve(request)))
        }
        group.post("user/history/:id/favorite") { _, context in
            let principal = try context.requirePrincipal()
            let id = try Self.id(context)
            let favorite = try await users.toggleFavorite(accountID: principal.accountID, generationID: id)
            return JSONBody.response(JSONValue.object(["id": .int(id), "is_favorited": .bool(favorite)]))
        }
        group.post("user/history/:id/rate") { request, context in
            let principal = try context.requirePrincipal()
            let id = try Self.id(context)
            let body = try await Self.object(request, context: context)
            let rating = try await users.rate(accountID: principal.accountID, generationID: id, rating: body["rating"])
            return JSONBody.response(JSONValue.object(["id": .int(id), "user_rating": .int(Int64(rating))]))
        }
        group.delete("user/history/:id") { _, context in
            let principal = try context.requirePrincipal()
            try await users.delete(accountID: principal.accountID, generationID: try Self.id(context))
            return Response(status: .noContent)
        }
        group.get("user/stats") { _, context in
            JSONBody.response(
                UserView.stats(try await users.stats(accountID: try context.requirePrincipal().accountID)))
        }
    }

    /// The body as a JSON object; 400 if it is anything else.
    static func object(_ request: Request, context: AppRequestContext) async throws -> [String: JSONValue] {
        guard let object = try await JSONBody.decode(JSONValue.self, from: request, context: context).objectValue else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        return object
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw APIError.notFound("No such generation.")
        }
        return id
    }
}
