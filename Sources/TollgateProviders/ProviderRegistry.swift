import TollgateCore

/// Every provider adapter of an instance, by provider id. Adding a provider is one line in
/// `chatMappings` (or the media list) and one folder beside this file.
public struct ProviderRegistry: Sendable {
    /// The chat mappings Tollgate speaks.
    public static let chatMappings: [any ChatMapping.Type] = [
        OpenAIChatMapping.self, AnthropicChatMapping.self, GeminiChatMapping.self, DeepSeekChatMapping.self,
        XAIChatMapping.self,
    ]

    /// The media mappings Tollgate speaks.
    public static let mediaMappings: [any MediaMapping.Type] = [
        OpenAIMediaMapping.self, ElevenLabsMediaMapping.self, ReplicateMediaMapping.self, LumaMediaMapping.self,
        LegNextMediaMapping.self,
    ]

    private let text: [String: any TextProvider]
    private let media: [String: any MediaProvider]
    public let transport: ProviderTransport

    /// The providers that have an endpoint (a key, or the simulator), by id, sorted.
    public let configured: [String]

    /// Builds adapters for every provider that has an endpoint.
    public init(transport: ProviderTransport, endpoints: [String: ProviderEndpoint]) {
        self.transport = transport
        configured = endpoints.keys.sorted()
        var text: [String: any TextProvider] = [:]
        for mapping in Self.chatMappings {
            if let endpoint = endpoints[mapping.providerID] {
                text[mapping.providerID] = Self.adapter(mapping, transport: transport, endpoint: endpoint)
            }
        }
        self.text = text
        var media: [String: any MediaProvider] = [:]
        for mapping in Self.mediaMappings {
            guard let endpoint = endpoints[mapping.providerID] else { continue }
            let adapter = Self.mediaAdapter(mapping, transport: transport, endpoint: endpoint)
            for slug in mapping.slugs { media[slug] = adapter }
        }
        self.media = media
    }

    private static func mediaAdapter<M: MediaMapping>(
        _ mapping: M.Type, transport: ProviderTransport, endpoint: ProviderEndpoint
    ) -> any MediaProvider {
        MediaAdapter(mapping, transport: transport, endpoint: endpoint)
    }

    /// The media provider serving this catalog slug, if configured.
    public func mediaProvider(slug: String) -> (any MediaProvider)? { media[slug] }

    private static func adapter<M: ChatMapping>(
        _ mapping: M.Type, transport: ProviderTransport, endpoint: ProviderEndpoint
    ) -> any TextProvider {
        ChatAdapter(mapping, transport: transport, endpoint: endpoint)
    }

    /// The text provider with this id, if configured.
    public func textProvider(_ id: String) -> (any TextProvider)? { text[id] }

    /// The default endpoint settings of a provider: its public base URL and auth style.
    public static func defaultEndpoint(providerID: String, apiKey: Secret?) -> ProviderEndpoint? {
        if let mapping = chatMappings.first(where: { $0.providerID == providerID }) {
            return ProviderEndpoint(
                providerID: providerID, baseURL: mapping.defaultBaseURL, apiKey: apiKey, auth: mapping.auth)
        }
        if let mapping = mediaMappings.first(where: { $0.providerID == providerID }) {
            return ProviderEndpoint(
                providerID: providerID, baseURL: mapping.defaultBaseURL, apiKey: apiKey, auth: mapping.auth)
        }
        return nil
    }
}
