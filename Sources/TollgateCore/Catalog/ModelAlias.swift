/// Another slug for a catalog model, as the Elumenta docs name some of them (`midjourney-turbo`,
/// `kling-v2.1-pro`, `mj-video-480p`, …), with the params that name implies (turbo speed, pro mode, 480p).
/// A request under the alias is the model's request with those params; a different value for one is a 422.
public struct ModelAlias: Sendable, Codable, Equatable {
    public let slug: String
    public let params: [String: JSONValue]

    public init(slug: String, params: [String: JSONValue] = [:]) {
        self.slug = slug
        self.params = params
    }

    private enum CodingKeys: String, CodingKey { case slug, params }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decode(String.self, forKey: .slug)
        params = try c.decodeIfPresent([String: JSONValue].self, forKey: .params) ?? [:]
    }

    /// The alias's implied params merged into a request's `params`; a conflicting value is a 422.
    public func apply(to params: inout [String: JSONValue]) throws(APIError) {
        for (name, value) in self.params {
            if let given = params[name], given != value {
                throw .validation([
                    "params.\(name)":
                        "must be \(value.sortedJSONText ?? "its value") for model \(slug) (or use its base model)"
                ])
            }
            params[name] = value
        }
    }

    public var jsonValue: JSONValue { .object(["slug": .string(slug), "params": .object(params)]) }
}
