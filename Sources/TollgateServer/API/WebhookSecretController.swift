import Hummingbird
import TollgateCore
import TollgateServices
import TollgateStore

/// `GET /api/v2/webhooks/secret` [ext]: the account's webhook signing secret (made on first use), so
/// callers can verify `X-Tollgate-Signature`.
struct WebhookSecretController {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("webhooks/secret") { _, context in
            let principal = try context.requirePrincipal()
            let secret = try await store.transaction { db in
                try await store.accounts.webhookSecret(
                    accountID: principal.accountID, candidate: WebhookSignature.newSecret(), on: db)
            }
            guard let secret else { throw APIError.notFound("No such account.") }
            return JSONBody.response(JSONValue.object(["secret": .string(secret), "header": "X-Tollgate-Signature"]))
        }
    }
}
