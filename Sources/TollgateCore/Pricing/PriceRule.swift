/// How a model is priced in tokens per request. Pure: the same resolved params always give the same price.
public enum PriceRule: Sendable, Equatable {
    /// The same price whatever the params.
    case fixed(Int64)
    /// A table over one or more params (size × quality, resolution × duration, …).
    case matrix(PriceMatrix)
    /// A price per started minute of a source measured after fetching it (el-dubbing).
    case perMinute(PerMinutePrice)

    /// Every `pricing_type` a rule can report.
    public static let pricingTypes: Set<String> = ["fixed", "matrix", "per_second", "per_point", "per_minute"]

    /// The price of a request whose params came out of `ModelEntry.resolveParams`.
    /// A per-minute rule answers its maximum (the hold); a matrix missing a cell answers its maximum too,
    /// which a validated catalog never lets happen.
    public func price(_ resolved: [String: JSONValue]) -> Int64 {
        switch self {
        case .fixed(let tokens): tokens
        case .matrix(let matrix): matrix.price(resolved) ?? matrix.maxPrice
        case .perMinute(let rule): rule.maxPrice
        }
    }

    /// The price once the source's real length is known, for a per-minute rule; nil for the others.
    public func price(forSourceSeconds seconds: Double) -> Int64? {
        guard case .perMinute(let rule) = self else { return nil }
        return rule.price(forSourceSeconds: seconds)
    }

    /// The params the price depends on (a matrix's axes); the others — a prompt, an image, a text — do not change
    /// it.
    public var axes: [String] {
        if case .matrix(let matrix) = self { return matrix.axes }
        return []
    }

    /// Whether the final price is only known after measuring the source (hold the maximum, capture less).
    public var isMeasured: Bool {
        if case .perMinute = self { return true }
        return false
    }

    /// The cheapest any request can be.
    public var minPrice: Int64 {
        switch self {
        case .fixed(let tokens): tokens
        case .matrix(let matrix): matrix.minPrice
        case .perMinute(let rule): rule.minPrice
        }
    }

    /// The dearest any request can be.
    public var maxPrice: Int64 {
        switch self {
        case .fixed(let tokens): tokens
        case .matrix(let matrix): matrix.maxPrice
        case .perMinute(let rule): rule.maxPrice
        }
    }

    /// What the API reports as `pricing_type`.
    public var pricingType: String {
        switch self {
        case .fixed: "fixed"
        case .matrix(let matrix): matrix.pricingType
        case .perMinute: "per_minute"
        }
    }

    /// What is inconsistent with the model's params, or nil when sound.
    func problem(param: (String) -> ParamSpec?) -> String? {
        switch self {
        case .fixed(let tokens): tokens < 0 ? "price tokens must not be negative" : nil
        case .matrix(let matrix): matrix.problem(param: param)
        case .perMinute(let rule): rule.problem()
        }
    }
}

extension PriceRule: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, tokens, axes, table
        case pricingType = "pricing_type"
        case tokensPerMinute = "tokens_per_minute"
        case minMinutes = "min_minutes"
        case maxMinutes = "max_minutes"
    }

    /// Reads a `price` object of the catalog file.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "fixed":
            self = .fixed(try c.decode(Int64.self, forKey: .tokens))
        case "matrix":
            let table = try PriceTable(json: try c.decode(JSONValue.self, forKey: .table))
            self = .matrix(
                PriceMatrix(
                    pricingType: try c.decodeIfPresent(String.self, forKey: .pricingType) ?? "matrix",
                    axes: try c.decode([String].self, forKey: .axes),
                    table: table))
        case "per_minute":
            self = .perMinute(
                PerMinutePrice(
                    tokensPerMinute: try c.decode(Int64.self, forKey: .tokensPerMinute),
                    minMinutes: try c.decode(Int.self, forKey: .minMinutes),
                    maxMinutes: try c.decode(Int.self, forKey: .maxMinutes)))
        default:
            throw CatalogError(slug: nil, reason: "unknown price type \"\(type)\" (known: fixed, matrix, per_minute)")
        }
    }

    /// Writes the rule in the catalog file's shape (`jsonValue`).
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    /// The rule in the catalog file's shape; also shown as `config.pricing`.
    public var jsonValue: JSONValue {
        switch self {
        case .fixed(let tokens):
            ["type": "fixed", "tokens": .int(tokens)]
        case .matrix(let matrix):
            [
                "type": "matrix", "pricing_type": .string(matrix.pricingType),
                "axes": .array(matrix.axes.map(JSONValue.string)), "table": matrix.table.jsonValue,
            ]
        case .perMinute(let rule):
            [
                "type": "per_minute", "tokens_per_minute": .int(rule.tokensPerMinute),
                "min_minutes": .int(Int64(rule.minMinutes)), "max_minutes": .int(Int64(rule.maxMinutes)),
            ]
        }
    }
}
