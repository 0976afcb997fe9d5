import Hummingbird
import TollgateCore
import TollgateServices

/// The catalog endpoints (SPEC §5): list with filters, one model, and price calculation.
struct ModelsController {
    let catalog: Catalog
    let generations: GenerationService

    struct PriceRequest: Decodable {
        var params: [String: JSONValue]?
        var count: Int?
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("models") { request, _ in
            let query = request.uri.queryParameters
            let category = query.get("category")?.lowercased()
            let tier = query.get("tier")?.lowercased()
            let provider = query.get("provider")?.lowercased()
            let models = catalog.models.filter { model in
                (category == nil || model.category.rawValue == category)
                    && (tier == nil || model.tier.rawValue == tier || model.minPlan == tier)
                    && (provider == nil || model.provider == provider
                        || model.providerDisplayName.lowercased() == provider)
            }
            return JSONBody.response(
                JSONValue.object([
                    "models": .array(models.map { Self.summary($0, available: generations.isAvailable($0)) }),
                    "count": .int(Int64(models.count)),
                ]))
        }
        group.get("models/:slug") { _, context in
            let model = try model(context)
            return JSONBody.response(Self.detail(model, available: generations.isAvailable(model)))
        }
        group.post("models/:slug/calculate-price") { request, context in
            let model = try model(context)
            let body = try await JSONBody.decode(PriceRequest.self, from: request, context: context)
            var params = body.params ?? [:]
            try catalog.alias(context.parameters.get("slug") ?? "")?.apply(to: &params)
            let quote = try model.quote(params, count: body.count ?? 1)
            return JSONBody.response(
                JSONValue.object([
                    "model": .string(model.slug),
                    "token_cost": .int(quote.tokenCost),
                    "min_token_cost": .int(quote.minTokenCost),
                    "max_token_cost": .int(quote.maxTokenCost),
                    "pricing_type": .string(quote.pricingType),
                ]))
        }
    }

    func model(_ context: AppRequestContext) throws -> ModelEntry {
        guard let slug = context.parameters.get("slug"), let model = catalog.model(slug) else {
            throw APIError.notFound("No model with this slug.")
        }
        return model
    }

    /// The list form of a model; `available` [ext]: whether its provider is configured on this server.
    static func summary(_ model: ModelEntry, available: Bool) -> JSONValue {
        .object([
            "slug": .string(model.slug),
            "name": .string(model.name),
            "category": .string(model.category.rawValue),
            "provider": .string(model.providerDisplayName),
            "tier": .string(model.tier.rawValue),
            "min_plan": .string(model.minPlan),
            "token_cost": .int(model.defaultPrice),
            "min_token_cost": .int(model.price.minPrice),
            "max_token_cost": .int(model.price.maxPrice),
            "pricing_type": .string(model.price.pricingType),
            "supports_streaming": .bool(model.supportsStreaming),
            "mode": .string(model.isAsync ? "async" : "sync"),
            "available": .bool(available),
        ])
    }

    /// The full form: the summary plus description and allowed params.
    static func detail(_ model: ModelEntry, available: Bool) -> JSONValue {
        guard case .object(var fields) = summary(model, available: available) else {
            return summary(model, available: available)
        }
        fields["description_en"] = .string(model.description)
        fields["config"] = model.configJSON()
        // Other slugs the docs use for this model, and the params each implies.
        fields["aliases"] = .array(model.aliases.map(\.jsonValue))
        return .object(fields)
    }
}
