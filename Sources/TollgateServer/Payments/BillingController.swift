import Foundation
import HTTPTypes
import Hummingbird
import TollgateCore
import TollgateServices
import TollgateStore

/// `/api/v2/billing/*` (SPEC §13): products (public), checkout and the user's payments (signed in), and
/// YooKassa's notifications (no auth: only YooKassa's addresses, and the body is never trusted).
struct BillingController {
    let billing: BillingService
    let trustForwardedFor: Bool

    struct CheckoutBody: Decodable {
        var product: String
        var provider: String
        var returnUrl: String?
        var savePaymentMethod: Bool?
    }

    struct RenewalBody: Decodable {
        var enabled: Bool
    }

    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("billing/products") { _, _ in
            JSONBody.response(JSONValue.object(["products": .array(billing.products.map(PaymentView.product))]))
        }
        group.post("billing/yookassa/notifications") { request, context in
            let body = try await request.body.collect(upTo: 64 << 10)
            let address = ClientAddress.of(request, context: context, trustForwardedFor: trustForwardedFor)
            try await billing.yooKassaNotification(Array(buffer: body), from: address)
            return JSONBody.response(JSONValue.object([:]))
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("billing/checkout") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await JSONBody.decode(CheckoutBody.self, from: request, context: context)
            let payment = try await billing.checkout(
                accountID: principal.accountID, productID: body.product, provider: body.provider,
                returnURL: body.returnUrl,
                savePaymentMethod: body.savePaymentMethod ?? false)
            return JSONBody.response(JSONValue.object(["payment": PaymentView.json(payment)]), status: .created)
        }
        group.get("billing/renewal") { _, context in
            let state = try await billing.renewal(accountID: try context.requirePrincipal().accountID)
            return JSONBody.response(PaymentView.renewal(state))
        }
        group.patch("billing/renewal") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await JSONBody.decode(RenewalBody.self, from: request, context: context)
            let state = try await billing.setRenewal(accountID: principal.accountID, enabled: body.enabled)
            return JSONBody.response(PaymentView.renewal(state))
        }
        group.get("billing/payments") { _, context in
            let payments = try await billing.payments(accountID: try context.requirePrincipal().accountID)
            return JSONBody.response(JSONValue.object(["payments": .array(payments.map(PaymentView.json))]))
        }
        group.get("billing/payments/:id") { _, context in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id", as: Int64.self) else {
                throw APIError.notFound("No such payment.")
            }
            return JSONBody.response(
                JSONValue.object([
                    "payment": PaymentView.json(try await billing.payment(id: id, accountID: principal.accountID))
                ]))
        }
    }
}
