/// One model of the catalog: what it is, where it runs upstream, who may use it, how it is priced and
/// which params it accepts.
public struct ModelEntry: Sendable {
    /// The public id, e.g. `dall-e-3`.
    public let slug: String
    /// The display name, e.g. `DALL·E 3`.
    public let name: String
    /// What it produces.
    public let category: ModelCategory
    /// The provider id (`openai`, `anthropic`, `google`, `deepseek`, `xai`, `replicate`, `luma`, `midjourney`,
    /// `elevenlabs`).
    public let provider: String
    /// The provider's own model id or path, e.g. `claude-haiku-4-5` or `black-forest-labs/flux-1.1-pro`.
    public let upstreamModel: String
    /// Starter (every plan) or Basic (paid plans).
    public let tier: ModelTier
    /// Streamed text, synchronous, or asynchronous job.
    public let mode: ModelMode
    /// Whether the model accepts images inside `messages`.
    public let vision: Bool
    /// How long an unfinished generation may run before it is failed and its hold released.
    public let deadlineSeconds: Int
    /// A one-line description.
    public let description: String
    /// The price rule.
    public let price: PriceRule
    /// The params the model accepts, in catalog order.
    public let params: [ParamSpec]
    /// Other routes to the same model, tried in order when the primary one fails with a 5xx, a 429 or a
    /// timeout before anything reached the client [ext].
    public let fallbacks: [ModelRoute]
    /// Other slugs for this model and the params they imply (`GET /models` lists the model once).
    public let aliases: [ModelAlias]
    /// Params the docs name differently for this model, read as its own (`size` → `aspect_ratio`).
    public let renames: [ParamRename]
    /// Params the docs name that this model's upstream does not have, with the reason the 422 gives
    /// (`seed`: "OpenAI's image API takes no seed").
    public let unsupported: [String: String]

    /// Param name → index in `params`, for O(1) lookup on the request path.
    let paramIndex: [String: Int]
    /// The 422 reason for a param this model does not know, naming the ones it does.
    let unknownParamReason: String
    /// Every param's default, i.e. what `resolveParams([:])` adds.
    public let defaultParams: [String: JSONValue]

    /// An entry; a `Catalog` built from it checks that it is consistent.
    public init(
        slug: String, name: String, category: ModelCategory, provider: String, upstreamModel: String,
        tier: ModelTier, mode: ModelMode, vision: Bool = false, deadlineSeconds: Int, description: String,
        price: PriceRule, params: [ParamSpec], fallbacks: [ModelRoute] = [], aliases: [ModelAlias] = [],
        renames: [ParamRename] = [], unsupported: [String: String] = [:]
    ) {
        self.fallbacks = fallbacks
        self.aliases = aliases
        self.renames = renames
        self.unsupported = unsupported
        self.slug = slug
        self.name = name
        self.category = category
        self.provider = provider
        self.upstreamModel = upstreamModel
        self.tier = tier
        self.mode = mode
        self.vision = vision
        self.deadlineSeconds = deadlineSeconds
        self.description = description
        self.price = price
        self.params = params
        var index: [String: Int] = [:]
        var defaults: [String: JSONValue] = [:]
        for (position, spec) in params.enumerated() {
            if index[spec.name] == nil { index[spec.name] = position }
            if let value = spec.defaultValue { defaults[spec.name] = value }
        }
        self.paramIndex = index
        self.defaultParams = defaults
        self.unknownParamReason =
            params.isEmpty
            ? "is not a parameter of this model (it takes none)"
            : "is not a parameter of this model (allowed: " + params.map(\.name).joined(separator: ", ") + ")"
    }

    /// `free` for Starter-tier models, `basic` otherwise (`min_plan` in the API).
    public var minPlan: String { tier.minPlan }
    /// Whether the model can stream (SSE).
    public var supportsStreaming: Bool { mode == .textStream }
    /// Whether a generation answers `pending` and finishes in the background.
    public var isAsync: Bool { mode == .async }
    /// The provider's display name, e.g. `OpenAI`.
    public var providerDisplayName: String { KnownProviders.displayNames[provider] ?? provider }
    /// The price of a request with every param at its default (`token_cost` in the model listing).
    public var defaultPrice: Int64 { price.price(defaultParams) }

    /// Every route to the model: its own provider first, then the fallbacks.
    public var routes: [ModelRoute] {
        [ModelRoute(provider: provider, upstreamModel: upstreamModel)] + fallbacks
    }

    /// The spec of the param `name`, if the model accepts it.
    public func param(_ name: String) -> ParamSpec? {
        paramIndex[name].map { params[$0] }
    }
}

extension ModelEntry: Codable {
    private enum CodingKeys: String, CodingKey {
        case slug, name, category, provider, tier, mode, vision, description, price, params, fallbacks, aliases
        case renames, unsupported
        case upstreamModel = "upstream_model"
        case deadlineSeconds = "deadline_seconds"
    }

    /// Reads an entry of the catalog file; any problem is a `CatalogError` naming the entry's slug.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let slug = try? c.decode(String.self, forKey: .slug) else {
            let position = decoder.codingPath.last?.intValue.map { "#\($0 + 1)" } ?? "an entry"
            throw CatalogError(slug: nil, reason: "\(position) has no string \"slug\"")
        }
        do {
            func named<Value: RawRepresentable<String> & CaseIterable>(
                _ key: CodingKeys, as: Value.Type
            ) throws -> Value {
                let raw = try c.decode(String.self, forKey: key)
                guard let value = Value(rawValue: raw) else {
                    let known = Value.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CatalogError(slug: slug, reason: "unknown \(key.stringValue) \"\(raw)\" (known: \(known))")
                }
                return value
            }
            self.init(
                slug: slug,
                name: try c.decode(String.self, forKey: .name),
                category: try named(.category, as: ModelCategory.self),
                provider: try c.decode(String.self, forKey: .provider),
                upstreamModel: try c.decode(String.self, forKey: .upstreamModel),
                tier: try named(.tier, as: ModelTier.self),
                mode: try named(.mode, as: ModelMode.self),
                vision: try c.decodeIfPresent(Bool.self, forKey: .vision) ?? false,
                deadlineSeconds: try c.decode(Int.self, forKey: .deadlineSeconds),
                description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
                price: try c.decode(PriceRule.self, forKey: .price),
                params: try c.decodeIfPresent([ParamSpec].self, forKey: .params) ?? [],
                fallbacks: try c.decodeIfPresent([ModelRoute].self, forKey: .fallbacks) ?? [],
                aliases: try c.decodeIfPresent([ModelAlias].self, forKey: .aliases) ?? [],
                renames: try c.decodeIfPresent([ParamRename].self, forKey: .renames) ?? [],
                unsupported: try c.decodeIfPresent([String: String].self, forKey: .unsupported) ?? [:]
            )
        } catch let error as CatalogError {
            throw CatalogError(slug: slug, reason: error.reason)
        } catch {
            throw CatalogError(slug: slug, reason: CatalogError.explain(error))
        }
    }

    /// Writes the entry in the catalog file's shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(slug, forKey: .slug)
        try c.encode(name, forKey: .name)
        try c.encode(category, forKey: .category)
        try c.encode(provider, forKey: .provider)
        try c.encode(upstreamModel, forKey: .upstreamModel)
        try c.encode(tier, forKey: .tier)
        try c.encode(mode, forKey: .mode)
        try c.encode(vision, forKey: .vision)
        try c.encode(deadlineSeconds, forKey: .deadlineSeconds)
        try c.encode(description, forKey: .description)
        try c.encode(price, forKey: .price)
        try c.encode(params, forKey: .params)
        if !fallbacks.isEmpty { try c.encode(fallbacks, forKey: .fallbacks) }
        if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
        if !renames.isEmpty { try c.encode(renames, forKey: .renames) }
        if !unsupported.isEmpty { try c.encode(unsupported, forKey: .unsupported) }
    }
}
