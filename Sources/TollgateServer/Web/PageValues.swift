import Foundation
import TollgateCore
import TollgateServices
import TollgateStore

/// The typed values the services return, turned into what the templates show. Templates escape every value;
/// nothing here builds markup.
enum PageValues {
    /// `2026-12-07 14:05 UTC`.
    /// Empty for no time (the renderer drops empty values, so a template's `{{#…}}` section is skipped).
    static func time(_ milliseconds: Int64?) -> String {
        guard let milliseconds else { return "" }
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash))
            + " "
            + date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).time(includingFractionalSeconds: false))
            .prefix(5) + " UTC"
    }

    /// `2026-12-07 14:05 UTC` for an ISO 8601 time the services give as text.
    static func time(iso8601 text: String) -> String {
        String(text.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// A generation as a history row: its preview (text excerpt, thumbnail, player) and marks.
    static func generation(_ generation: GenerationRecord, modelName: String) -> [String: Any] {
        let url = generation.resultURL ?? ""
        let kind = ModelCategory(rawValue: generation.category)?.media ?? .text
        let excerpt = (generation.resultText ?? generation.error ?? "").prefix(300)
        return [
            "id": generation.id,
            "model": modelName,
            "slug": generation.modelSlug,
            "category": generation.category,
            "status": generation.status.rawValue,
            "statusClass": generation.status == .completed
                ? "ok" : generation.status == .failed ? "bad" : "info",
            "tokens": generation.tokensSpent,
            "price": generation.price,
            "prompt": String((generation.prompt ?? "").prefix(160)),
            "created": time(generation.createdAt),
            "favorite": generation.isFavorite,
            "rating": generation.rating as Any,
            "excerpt": String(excerpt),
            "text": generation.resultText ?? generation.error ?? "",
            "url": url,
            "thumbnail": generation.thumbnailURL ?? (kind == .image ? url : ""),
            "isImage": kind == .image && !url.isEmpty,
            "isVideo": kind == .video && !url.isEmpty,
            "isAudio": kind == .audio && !url.isEmpty,
            "isText": kind == .text || url.isEmpty,
            "pending": generation.status == .pending,
        ]
    }

    /// A payment as a row of the billing page or the admin list.
    static func payment(_ payment: PaymentRecord, products: [Product]) -> [String: Any] {
        [
            "id": payment.id,
            "account": payment.accountID,
            "product": products.first { $0.id == payment.product }?.name ?? payment.product,
            "provider": payment.provider == "stars" ? "Telegram Stars" : "YooKassa",
            "amount": payment.currency == "XTR" ? "\(payment.amount) Stars" : "\(payment.amount) ₽",
            "tokens": payment.tokens,
            "status": payment.status.rawValue,
            "statusClass": payment.status == .succeeded
                ? "ok" : payment.status == .pending ? "info" : payment.status == .refunded ? "warn" : "bad",
            "created": time(payment.createdAt),
            "refundable": payment.status == .succeeded,
            "refunded": payment.refundedTokens,
            "link": (payment.status == .pending ? payment.confirmationURL : nil) as Any,
        ]
    }

    /// A catalog model as the landing page and playground list it.
    static func model(_ model: ModelEntry, available: Bool) -> [String: Any] {
        [
            "slug": model.slug, "name": model.name, "category": model.category.rawValue,
            "provider": model.providerDisplayName, "price": model.defaultPrice, "tier": model.tier.rawValue,
            "description": model.description, "available": available, "streams": model.supportsStreaming,
            "async": model.isAsync,
        ]
    }

    /// A plan's limit as shown: the number, or "unlimited" for 0.
    static func limit(_ value: Int64, unlimited: String) -> String {
        value == 0 ? unlimited : String(value)
    }

    /// A ratio for a `<meter>`: `used` of `limit` (0 is unlimited).
    static func usage(used: Int64, limit: Int64) -> [String: Any] {
        ["used": used, "limit": limit, "unlimited": limit == 0, "max": max(limit, 1)]
    }
}
