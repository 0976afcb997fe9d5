import Hummingbird
import TollgateCore
import TollgateServices
import TollgateStore

/// `GET /api/v2/balance` and `GET /api/v2/user/balance` (SPEC §5).
struct BalanceController {
    let accounts: AccountService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("balance") { _, context in
            let account = try await accounts.find(id: try context.requirePrincipal().accountID)
            return JSONBody.response(
                JSONValue.object([
                    "token_balance": .int(account.availableTokens),
                    "plan": .string(account.plan),
                    "plan_expires_at": .string(orNull: account.planExpiresAt?.iso8601),
                ]))
        }
        group.get("user/balance") { _, context in
            let account = try await accounts.find(id: try context.requirePrincipal().accountID)
            return JSONBody.response(
                JSONValue.object([
                    "token_balance": .int(account.availableTokens),
                    "plan": .string(account.plan),
                    "plan_expires_at": .string(orNull: account.planExpiresAt?.iso8601),
                    "plan_tokens_remaining": .int(account.subscriptionTokens),
                    "bonus_tokens": .int(account.packageTokens),
                    "tokens_on_hold": .int(account.heldTokens),
                    "next_refill_at": .string(orNull: account.planExpiresAt?.iso8601),
                ]))
        }
    }
}
