import Foundation
import Hummingbird
import TollgateCore
import TollgateServices
import TollgateStore

/// `/admin` (SPEC §14): accounts (search, balance, ledger, generations, adjust tokens, set plan, block), payments
/// (list, refund), models (switch off or on, prices), providers (recent error rate and latency), the ledger check and
/// the audit trail. Anyone but an admin gets 404 on every path here (the service decides, so no route can forget).
struct AdminPages {
    let services: Services
    let renderer: PageRenderer

    var admin: AdminService { services.admin }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("admin") { request, context in
            let query = request.uri.queryParameters["q"].map(String.init) ?? ""
            let accounts = try await admin.search(query, by: context.web?.account)
            return page(
                "admin_accounts", ["query": query, "accounts": accounts.map(account), "tab": ["accounts": true]],
                context: context)
        }
        group.get("admin/accounts/:id") { _, context in try await accountPage(context) }
        group.post("admin/accounts/:id/:action") { request, context in
            _ = try AdminService.requireAdmin(context.web?.account)
            let form = try await WebForm.read(request, context: context)
            let id = try DashboardPages.id(context)
            let by = context.web?.account
            do {
                switch context.parameters.get("action") {
                case "adjust":
                    guard let tokens = Int64(form.text("tokens") ?? "") else {
                        throw APIError.validation(["tokens": "must be a whole number"])
                    }
                    _ = try await admin.adjust(accountID: id, tokens: tokens, reason: form["reason"] ?? "", by: by)
                case "plan": _ = try await admin.setPlan(accountID: id, plan: form["plan"] ?? "", by: by)
                case "block": try await admin.setBlocked(accountID: id, blocked: true, by: by)
                case "unblock": try await admin.setBlocked(accountID: id, blocked: false, by: by)
                default: throw APIError.notFound()
                }
            } catch let error as APIError where error.httpStatus == 422 || error.httpStatus == 409 {
                return try await accountPage(
                    context, extra: ["error": SignInPages.message(error)], status: error.status)
            }
            return Response.redirect(to: "/admin/accounts/\(id)?done=1")
        }
        group.get("admin/payments") { _, context in
            let payments = try await admin.payments(by: context.web?.account)
            return page(
                "admin_payments",
                [
                    "payments": payments.map { PageValues.payment($0, products: services.billing.products) },
                    "tab": ["payments": true],
                ],
                context: context)
        }
        group.post("admin/payments/:id/refund") { request, context in
            _ = try AdminService.requireAdmin(context.web?.account)
            _ = try await WebForm.read(request, context: context)
            _ = try await admin.refund(paymentID: try DashboardPages.id(context), by: context.web?.account)
            return Response.redirect(to: "/admin/payments")
        }
        group.get("admin/models") { _, context in
            _ = try AdminService.requireAdmin(context.web?.account)
            let models = services.catalog.models.map { model -> [String: Any] in
                var entry = PageValues.model(model, available: services.generations.isAvailable(model))
                entry["configured"] = services.generations.isConfigured(model)
                entry["disabled"] = services.generations.switches.isDisabled(model.slug)
                entry["minPrice"] = model.price.minPrice
                entry["maxPrice"] = model.price.maxPrice
                return entry
            }
            return page("admin_models", ["models": models, "tab": ["models": true]], context: context)
        }
        group.post("admin/models/:slug/:action") { request, context in
            _ = try AdminService.requireAdmin(context.web?.account)
            _ = try await WebForm.read(request, context: context)
            try await admin.setModel(
                context.parameters.get("slug") ?? "", enabled: context.parameters.get("action") == "enable",
                catalog: services.catalog, by: context.web?.account)
            return Response.redirect(to: "/admin/models")
        }
        group.get("admin/providers") { _, context in
            let stats = try admin.providerStats(by: context.web?.account)
            let rows = stats.map {
                [
                    "provider": KnownProviders.displayNames[$0.providerID] ?? $0.providerID, "calls": $0.calls,
                    "failures": $0.failures, "rate": String(format: "%.1f%%", $0.errorRate * 100),
                    "bad": $0.errorRate >= 0.2, "median": $0.medianMilliseconds, "p95": $0.p95Milliseconds,
                    "last": PageValues.time($0.lastCallAt),
                ] as [String: Any]
            }
            return page(
                "admin_providers",
                [
                    "providers": rows, "hasProviders": !rows.isEmpty,
                    "configured": services.providers.configured.joined(separator: ", "),
                    "tab": ["providers": true],
                ],
                context: context)
        }
        group.get("admin/audit") { _, context in
            let actions = try await admin.auditTrail(by: context.web?.account)
            return page(
                "admin_audit",
                ["actions": actions.map(Self.action), "tab": ["audit": true]],
                context: context)
        }
        group.post("admin/ledger-check") { request, context in
            _ = try AdminService.requireAdmin(context.web?.account)
            _ = try await WebForm.read(request, context: context)
            let problems = try await admin.checkLedger(by: context.web?.account)
            let actions = try await admin.auditTrail(by: context.web?.account)
            return page(
                "admin_audit",
                [
                    "checked": true, "clean": problems.isEmpty, "problems": problems,
                    "actions": actions.map(Self.action), "tab": ["audit": true],
                ],
                context: context)
        }
    }

    func page(_ template: String, _ data: [String: Any], context: AppRequestContext, status: HTTPResponse.Status = .ok)
        -> Response
    {
        renderer.page(
            template, data, context: context, title: renderer.text("nav_admin", context.language), section: "admin",
            status: status)
    }

    func account(_ account: AccountRecord) -> [String: Any] {
        [
            "id": account.id, "email": account.email, "name": account.name ?? "",
            "plan": services.plans.plan(account.plan)?.name ?? account.plan,
            "subscription": account.subscriptionTokens, "packages": account.packageTokens, "held": account.heldTokens,
            "blocked": account.blockedAt != nil, "admin": account.isAdmin,
            "created": PageValues.time(account.createdAt),
        ]
    }

    static func action(_ action: AdminActionRecord) -> [String: Any] {
        [
            "admin": action.adminEmail, "action": action.action, "target": action.target, "details": action.details,
            "time": PageValues.time(action.createdAt),
        ]
    }

    func accountPage(_ context: AppRequestContext, extra: [String: Any] = [:], status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let detail = try await admin.account(id: try DashboardPages.id(context), by: context.web?.account)
        var data = extra
        data["account"] = account(detail.account)
        data["ledger"] = detail.ledger.map {
            [
                "kind": $0.kind.rawValue, "bucket": $0.bucket.rawValue, "amount": $0.amount, "reason": $0.reason,
                "time": PageValues.time($0.createdAt),
            ] as [String: Any]
        }
        data["recent"] = detail.generations.items.map { PageValues.generation($0.generation, modelName: $0.modelName) }
        data["payments"] = detail.payments.map { PageValues.payment($0, products: services.billing.products) }
        data["plans"] = services.plans.plans.map {
            ["code": $0.code, "name": $0.name, "selected": $0.code == detail.account.plan]
        }
        data["tab"] = ["accounts": true]
        return page("admin_account", data, context: context, status: status)
    }
}
