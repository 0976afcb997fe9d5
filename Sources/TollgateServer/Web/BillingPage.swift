import Foundation
import Hummingbird
import TollgateCore
import TollgateServices

/// `/dashboard/billing` (SPEC §14, §13): the products with their prices, paying with YooKassa (off to its page and
/// back here) or Telegram Stars (the invoice link), the payment history with states, and renewal on or off.
struct BillingPage {
    let services: Services
    let renderer: PageRenderer
    let baseURL: PublicBaseURL

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("dashboard/billing") { request, context in
            try await page(context, returned: request.uri.queryParameters["payment"].flatMap { Int64($0) })
        }
        group.post("dashboard/billing/checkout") { request, context in
            let web = try DashboardPages.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            do {
                let provider = form["provider"] ?? ""
                // Back to this page on the host the browser used (right even when public_url is unset).
                let payment = try await services.billing.checkout(
                    accountID: web.account.id, productID: form["product"] ?? "", provider: provider,
                    returnURL: baseURL.resolve(request) + "/dashboard/billing",
                    savePaymentMethod: provider == "yookassa" && form["renew"] == "on"
                        && (form["product"] ?? "").hasPrefix("plan:"))
                guard let link = payment.confirmationURL else { throw APIError.internal("The payment has no link.") }
                return Response.redirect(to: link)
            } catch let error as APIError
                where error.httpStatus == 422 || error.httpStatus == 503 || error.httpStatus == 502
            {
                return try await page(context, extra: ["error": SignInPages.message(error)], status: error.status)
            }
        }
        group.post("dashboard/billing/renewal") { request, context in
            let web = try DashboardPages.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            _ = try await services.billing.setRenewal(accountID: web.account.id, enabled: form["enabled"] == "true")
            return Response.redirect(to: "/dashboard/billing")
        }
    }

    func page(
        _ context: AppRequestContext, returned: Int64? = nil, extra: [String: Any] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let web = try DashboardPages.signedIn(context)
        async let payments = services.billing.payments(accountID: web.account.id, limit: 50)
        async let renewal = services.billing.renewal(accountID: web.account.id)
        let (history, renews) = try await (payments, renewal)
        let products = services.billing.products
        var data = extra
        data["plans"] = products.filter { $0.kind == .plan }.map { product -> [String: Any] in
            let plan = services.plans.plan(product.code)
            return [
                "id": product.id, "name": product.name, "tokens": product.tokens, "rub": product.priceRub,
                "stars": product.priceStars, "current": product.code == web.account.plan,
                "api": plan?.apiAccess ?? false,
                "hour": PageValues.limit(plan?.limitHour ?? 0, unlimited: renderer.text("unlimited", context.language)),
                "day": PageValues.limit(plan?.limitDay ?? 0, unlimited: renderer.text("unlimited", context.language)),
            ]
        }
        data["packages"] = products.filter { $0.kind == .package }.map {
            ["id": $0.id, "name": $0.name, "tokens": $0.tokens, "rub": $0.priceRub, "stars": $0.priceStars]
        }
        data["payments"] = history.map { PageValues.payment($0, products: products) }
        data["hasPayments"] = !history.isEmpty
        if let renews {
            data["renewal"] = [
                "enabled": renews.enabled,
                "product": products.first { $0.id == renews.product }?.name ?? renews.product,
            ]
        }
        if let returned, let payment = history.first(where: { $0.id == returned }) {
            data["returned"] = PageValues.payment(payment, products: products)
        }
        data["plan"] = services.plans.plan(web.account.plan)?.name ?? web.account.plan
        data["balance"] = web.account.availableTokens
        return renderer.page(
            "billing", data, context: context, title: renderer.text("nav_billing", context.language),
            section: "billing",
            status: status)
    }
}
