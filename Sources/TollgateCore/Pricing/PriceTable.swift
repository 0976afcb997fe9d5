/// A price table as a tree: one level per price axis, keyed by the axis value (`"hd"`, `"9"`, `"true"`),
/// with a token price in every leaf.
public indirect enum PriceTable: Sendable, Equatable {
    /// A priced cell.
    case cell(Int64)
    /// One axis level: axis value → the rest of the table.
    case branch([String: PriceTable])

    /// Reads the catalog's nested-object form, e.g. `{"1024x1024": {"standard": 5, "hd": 9}}`.
    public init(json: JSONValue) throws(CatalogError) {
        switch json {
        case .int(let tokens):
            self = .cell(tokens)
        case .object(let members):
            var children: [String: PriceTable] = [:]
            for (key, value) in members {
                children[key] = try PriceTable(json: value)
            }
            self = .branch(children)
        default:
            let reason = "a price table holds objects and whole token counts, not \(json.catalogText)"
            throw CatalogError(slug: nil, reason: reason)
        }
    }

    /// The catalog's nested-object form.
    public var jsonValue: JSONValue {
        switch self {
        case .cell(let tokens): .int(tokens)
        case .branch(let children): .object(children.mapValues(\.jsonValue))
        }
    }

    /// Every cell's price.
    var cells: [Int64] {
        switch self {
        case .cell(let tokens): [tokens]
        case .branch(let children): children.values.flatMap(\.cells)
        }
    }

    /// What is wrong with this table given the allowed keys of each axis, or nil when it has exactly one
    /// non-negative cell for every combination.
    func problem(axes: [(name: String, keys: [String])], path: [String] = []) -> String? {
        guard let axis = axes.first else {
            guard case .cell(let tokens) = self else {
                return "price table is deeper than its axes at \(Self.describe(path))"
            }
            return tokens < 0 ? "price table cell \(Self.describe(path)) is negative" : nil
        }
        guard case .branch(let children) = self else {
            return "price table has a single price where axis \"\(axis.name)\" should branch"
                + (path.isEmpty ? "" : " (at \(Self.describe(path)))")
        }
        for key in children.keys.sorted() where !axis.keys.contains(key) {
            return "price table has a cell for unknown value \(Self.describe(path + ["\(axis.name)=\(key)"]))"
        }
        for key in axis.keys {
            guard let child = children[key] else {
                let rest = axes.dropFirst().map { "\($0.name)=*" }
                return "price table has no cell for \(Self.describe(path + ["\(axis.name)=\(key)"] + rest))"
            }
            if let problem = child.problem(axes: Array(axes.dropFirst()), path: path + ["\(axis.name)=\(key)"]) {
                return problem
            }
        }
        return nil
    }

    private static func describe(_ path: [String]) -> String {
        path.isEmpty ? "the top" : path.joined(separator: ", ")
    }
}
