/// Where a model runs: a provider and that provider's own model id.
public struct ModelRoute: Sendable, Equatable, Codable {
    public var provider: String
    public var upstreamModel: String

    public init(provider: String, upstreamModel: String) {
        self.provider = provider
        self.upstreamModel = upstreamModel
    }

    private enum CodingKeys: String, CodingKey {
        case provider
        case upstreamModel = "upstream_model"
    }
}
