/// Another param and some of its values, for a param's rule that depends on it: `{"image_url": "master"}` (the
/// default when `image_url` is absent) or `{"mode": ["standard", "pro"]}` (required while `mode` is one of these).
/// In the catalog file, an object of one member.
public struct ParamCondition: Sendable, Equatable, Codable {
    /// The other param.
    public let param: String
    /// Its values (`required_when`), or the one value this param takes (`default_without`).
    public let values: [JSONValue]

    public init(param: String, values: [JSONValue]) {
        self.param = param
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        let members = try [String: JSONValue](from: decoder)
        guard members.count == 1, let (param, value) = members.first else {
            throw CatalogError(slug: nil, reason: "a param condition is an object of one member")
        }
        self.param = param
        if case .array(let items) = value { values = items } else { values = [value] }
    }

    public func encode(to encoder: any Encoder) throws { try jsonValue.encode(to: encoder) }

    var jsonValue: JSONValue {
        .object([param: values.count == 1 ? values[0] : .array(values)])
    }
}
