import TollgateCore
import TollgateServices
import TollgateStore

/// The JSON of products and payments (SPEC §13).
enum PaymentView {
    static func product(_ product: Product) -> JSONValue {
        [
            "id": .string(product.id), "kind": .string(product.kind.rawValue), "name": .string(product.name),
            "tokens": .int(product.tokens), "price_rub": .int(product.priceRub),
            "price_stars": .int(product.priceStars),
        ]
    }

    static func renewal(_ state: RenewalState?) -> JSONValue {
        ["renewal": ["enabled": .bool(state?.enabled ?? false), "product": .string(orNull: state?.product)]]
    }

    static func json(_ payment: PaymentRecord) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .int(payment.id), "provider": .string(payment.provider), "product": .string(payment.product),
            "status": .string(payment.status.rawValue), "tokens": .int(payment.tokens),
            "created_at": .string(payment.createdAt.iso8601), "paid_at": .string(orNull: payment.paidAt?.iso8601),
        ]
        if payment.currency == "XTR" {
            object["amount_stars"] = .int(payment.amount)
            object["invoice_link"] = .string(orNull: payment.confirmationURL)
        } else {
            object["amount_rub"] = .int(payment.amount)
            object["confirmation_url"] = .string(orNull: payment.confirmationURL)
        }
        if let reason = payment.cancellationReason { object["cancellation_reason"] = .string(reason) }
        return .object(object)
    }
}
