/// The answer of `POST /models/{slug}/calculate-price`: the price of a request and the model's bounds,
/// all multiplied by the requested count.
public struct PriceQuote: Sendable, Equatable {
    /// What the request would cost (`token_cost`).
    public let tokenCost: Int64
    /// The cheapest the model can be for this count (`min_token_cost`).
    public let minTokenCost: Int64
    /// The dearest the model can be for this count (`max_token_cost`).
    public let maxTokenCost: Int64
    /// How the price varies: `fixed`, `matrix`, `per_second`, `per_point` or `per_minute`.
    public let pricingType: String

    /// A quote.
    public init(tokenCost: Int64, minTokenCost: Int64, maxTokenCost: Int64, pricingType: String) {
        self.tokenCost = tokenCost
        self.minTokenCost = minTokenCost
        self.maxTokenCost = maxTokenCost
        self.pricingType = pricingType
    }

    /// The response body: `{token_cost, min_token_cost, max_token_cost, pricing_type}`.
    public var jsonValue: JSONValue {
        [
            "token_cost": .int(tokenCost),
            "min_token_cost": .int(minTokenCost),
            "max_token_cost": .int(maxTokenCost),
            "pricing_type": .string(pricingType),
        ]
    }
}
