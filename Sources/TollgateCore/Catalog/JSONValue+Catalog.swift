extension JSONValue {
    /// The key this value has in a price table: the string itself, the integer's digits, or `true`/`false`.
    /// Small values stay in Swift's inline small-string storage, so lookups do not allocate.
    var priceKey: String? {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .double: intValue.map { String($0) }
        case .null, .array, .object: nil
        }
    }

    /// A short plain rendering for messages: strings unquoted, whole numbers without a fraction.
    var catalogText: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value):
            value.rounded() == value && abs(value) < 9e15 ? String(Int64(value)) : String(value)
        case .string(let value): value
        case .array(let values): "[" + values.map(\.catalogText).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\($0): \(members[$0]!.catalogText)" }.joined(separator: ", ") + "}"
        }
    }
}
