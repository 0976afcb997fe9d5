/// A price that depends on one or more params (the axes), looked up in a table of every combination.
public struct PriceMatrix: Sendable, Equatable {
    /// What the API reports as `pricing_type`: `matrix`, `per_second` or `per_point`.
    public let pricingType: String
    /// The params the price depends on, outermost first.
    public let axes: [String]
    /// The prices, one level per axis.
    public let table: PriceTable
    /// The cheapest cell.
    public let minPrice: Int64
    /// The dearest cell.
    public let maxPrice: Int64

    /// The `pricing_type` values a matrix may report.
    public static let pricingTypes: Set<String> = ["matrix", "per_second", "per_point"]

    /// A matrix over `axes`; `Catalog` checks that the table covers every combination of the axes' values.
    public init(pricingType: String, axes: [String], table: PriceTable) {
        self.pricingType = pricingType
        self.axes = axes
        self.table = table
        let cells = table.cells
        self.minPrice = cells.min() ?? 0
        self.maxPrice = cells.max() ?? 0
    }

    /// The price of a resolved parameter set, or nil when an axis value has no cell.
    public func price(_ resolved: [String: JSONValue]) -> Int64? {
        var node = table
        for axis in axes {
            guard case .branch(let children) = node, let key = resolved[axis]?.priceKey, let child = children[key]
            else { return nil }
            node = child
        }
        guard case .cell(let tokens) = node else { return nil }
        return tokens
    }

    /// What is inconsistent between this matrix and the model's params, or nil when sound.
    func problem(param: (String) -> ParamSpec?) -> String? {
        guard Self.pricingTypes.contains(pricingType) else {
            let known = Self.pricingTypes.sorted().joined(separator: ", ")
            return "price pricing_type \"\(pricingType)\" is not one of \(known)"
        }
        guard !axes.isEmpty else { return "price matrix has no axes" }
        guard Set(axes).count == axes.count else { return "price matrix repeats an axis" }
        var keyed: [(name: String, keys: [String])] = []
        for axis in axes {
            guard let spec = param(axis) else { return "price axis \"\(axis)\" is not a declared param" }
            guard let keys = spec.axisKeys, !keys.isEmpty else {
                return "price axis \"\(axis)\" must be a param with listed values or a boolean"
            }
            guard spec.defaultValue != nil || spec.required else {
                return "price axis \"\(axis)\" needs a default or must be required, so every request has a price"
            }
            keyed.append((axis, keys))
        }
        return table.problem(axes: keyed)
    }
}
