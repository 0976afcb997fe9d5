import Hummingbird
import TollgateCore
import TollgateServices

/// `GET /api/v2/webhooks/secret` [ext]: the account's webhook signing secret (made on first use), so
/// callers can verify `X-Tollgate-Signature`.
struct WebhookSecretController {
    let users: UserService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("webhooks/secret") { _, context in
            let secret = try await users.webhookSecret(accountID: try context.requirePrincipal().accountID)
            return JSONBody.response(JSONValue.object(["secret": .string(secret), "header": "X-Tollgate-Signature"]))
        }
    }
}
