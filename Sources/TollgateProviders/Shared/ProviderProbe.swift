/// The cheapest authenticated call of each provider — a model list or the account — which `tollgate doctor`
/// makes to tell an operator whether a key works before a user finds out.
public enum ProviderProbe {
    /// What the probe learned.
    public enum Outcome: Sendable, Equatable {
        /// The provider answered and took the key.
        case accepted
        /// The provider answered and refused the key (401 or 403).
        case refused(status: Int)
        /// No usable answer: unreachable, timed out, or an unexpected status.
        case failed(String)
    }

    /// The probe of each provider, by provider id (the path is relative to the endpoint's base URL).
    static let requests: [String: UpstreamRequest] = [
        "openai": UpstreamRequest(method: "GET", path: "/v1/models"),
        "anthropic": UpstreamRequest(method: "GET", path: "/v1/models", headers: [("anthropic-version", "2023-06-01")]),
        "google": UpstreamRequest(method: "GET", path: "/v1beta/models?pageSize=1"),
        "deepseek": UpstreamRequest(method: "GET", path: "/models"),
        "xai": UpstreamRequest(method: "GET", path: "/v1/models"),
        "replicate": UpstreamRequest(method: "GET", path: "/v1/account"),
        "luma": UpstreamRequest(method: "GET", path: "/dream-machine/v1/generations?limit=1"),
        // LegNext has no account read: a job that does not exist answers 404 to a good key, 401 to a bad one.
        "midjourney": UpstreamRequest(method: "GET", path: "/api/v1/job/00000000-0000-0000-0000-000000000000"),
        "elevenlabs": UpstreamRequest(method: "GET", path: "/v1/user"),
        "yookassa": UpstreamRequest(method: "GET", path: "/me"),
    ]

    /// Calls `endpoint`'s probe through `transport`.
    public static func check(_ endpoint: ProviderEndpoint, transport: ProviderTransport) async -> Outcome {
        guard let request = requests[endpoint.providerID] else { return .failed("no probe for this provider") }
        do {
            let status = try await transport.send(request, to: endpoint, maxBytes: 1 << 20).status
            return outcome(status: status, notFoundMeansAccepted: endpoint.providerID == "midjourney")
        } catch {
            return .failed(error.description)
        }
    }

    /// An answer's status read as a probe's outcome (LegNext's 404 for a job that does not exist means it took
    /// the key; anyone else's means a wrong base URL).
    static func outcome(status: Int, notFoundMeansAccepted: Bool) -> Outcome {
        switch status {
        case 200..<300: .accepted
        case 404 where notFoundMeansAccepted: .accepted
        case 401, 403: .refused(status: status)
        default: .failed("HTTP \(status)")
        }
    }
}
