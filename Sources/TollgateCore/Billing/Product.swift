/// Something a user can buy (SPEC §13): a paid plan's cycle or a token package, priced in roubles and in
/// Telegram Stars, from the plans data.
public struct Product: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case plan, package
    }

    /// `plan:<code>` or `package:<code>`.
    public var id: String
    public var kind: Kind
    /// The plan's or package's code.
    public var code: String
    public var name: String
    /// The tokens it brings: a plan's monthly allowance, a package's tokens.
    public var tokens: Int64
    public var priceRub: Int64
    public var priceStars: Int64
}

extension PlanBook {
    /// Every product, plans first (paid ones only), in the plans data's order.
    public var products: [Product] {
        let plans = plans.filter { $0.isPaid && $0.priceRub > 0 }.map { plan in
            Product(
                id: "plan:\(plan.code)", kind: .plan, code: plan.code, name: plan.name, tokens: plan.monthlyTokens,
                priceRub: plan.priceRub, priceStars: plan.priceStars)
        }
        let packages = packages.map { package in
            Product(
                id: "package:\(package.code)", kind: .package, code: package.code, name: package.name,
                tokens: package.tokens, priceRub: package.priceRub, priceStars: package.priceStars)
        }
        return plans + packages
    }

    /// The product with this id.
    public func product(_ id: String) -> Product? {
        products.first { $0.id == id }
    }
}
