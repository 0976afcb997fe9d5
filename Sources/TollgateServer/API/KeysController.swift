import Hummingbird
import TollgateCore
import TollgateServices

/// `/api/v2/keys`: list, create, rename, revoke (SPEC §5).
struct KeysController {
    let keys: KeyService

    struct NameBody: Decodable {
        var name: String?
    }

    struct KeyList: Encodable {
        var keys: [KeySummary]
        var count: Int
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("keys") { _, context in
            let principal = try context.requirePrincipal()
            let list = try await keys.list(accountID: principal.accountID)
            return JSONBody.response(KeyList(keys: list, count: list.count))
        }
        group.post("keys") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await JSONBody.decode(NameBody.self, from: request, context: context)
            return JSONBody.response(
                try await keys.create(accountID: principal.accountID, name: body.name), status: .created)
        }
        group.patch("keys/:id") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await JSONBody.decode(NameBody.self, from: request, context: context)
            return JSONBody.response(
                try await keys.rename(accountID: principal.accountID, keyID: try Self.id(context), name: body.name))
        }
        group.delete("keys/:id") { _, context in
            let principal = try context.requirePrincipal()
            try await keys.revoke(accountID: principal.accountID, keyID: try Self.id(context))
            return Response(status: .noContent)
        }
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError.notFound("No such API key.") }
        return id
    }
}
