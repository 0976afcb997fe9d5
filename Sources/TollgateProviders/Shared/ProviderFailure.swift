import TollgateCore

/// Why an upstream call failed, reduced to what the gateway needs to decide: what to tell the caller,
/// and whether another route is worth trying. Never carries the upstream body or our key.
public struct ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The provider refused the request as invalid (4xx other than auth and rate limits).
        case rejected
        /// The provider refused the content (moderation / safety).
        case contentPolicy
        /// Our credentials were refused (401/403) or are missing.
        case unauthorized
        /// The provider is rate limiting us (429).
        case rateLimited
        /// The provider failed (5xx).
        case upstreamError
        /// No answer in time (connect, read or stall).
        case timeout
        /// The answer did not parse as the provider's format.
        case malformed
        /// The connection broke (including a stream cut mid-way).
        case connection
        /// The provider has no such capability.
        case unsupported
    }

    public var kind: Kind
    /// A short, safe explanation (no upstream body, no key).
    public var message: String
    /// The upstream HTTP status, if there was one.
    public var status: Int?
    /// Seconds the provider asked us to wait (`Retry-After`), if it said.
    public var retryAfter: Double?

    public init(_ kind: Kind, _ message: String, status: Int? = nil, retryAfter: Double? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    /// Whether a fallback route may be tried (nothing has reached the client yet): 5xx, 429, timeouts.
    public var allowsFallback: Bool {
        switch kind {
        case .upstreamError, .rateLimited, .timeout, .connection: true
        default: false
        }
    }

    /// The failure from an upstream HTTP status, when the provider's body says nothing more useful.
    public static func fromStatus(_ status: Int, retryAfter: Double? = nil) -> ProviderFailure {
        switch status {
        case 401, 403: ProviderFailure(.unauthorized, "The provider refused our credentials.", status: status)
        case 408: ProviderFailure(.timeout, "The provider timed out.", status: status)
        case 429:
            ProviderFailure(
                .rateLimited, "The provider is rate limiting requests.", status: status, retryAfter: retryAfter)
        case 400..<500: ProviderFailure(.rejected, "The provider rejected the request.", status: status)
        default: ProviderFailure(.upstreamError, "The provider failed (HTTP \(status)).", status: status)
        }
    }

    /// The SPEC error the caller sees for this failure.
    public func apiError(generationID: Int64? = nil) -> APIError {
        switch kind {
        case .timeout:
            return .providerTimeout("The provider did not answer in time.", generationID: generationID)
        case .unauthorized, .unsupported:
            return .modelUnavailable("The model is unavailable right now.")
        case .contentPolicy:
            return .providerError("Provider error: content policy violation.", generationID: generationID)
        case .rateLimited:
            return .modelUnavailable("The model is overloaded right now; retry shortly.")
        case .rejected:
            return .providerError("Provider error: the provider rejected the request.", generationID: generationID)
        case .upstreamError, .malformed, .connection:
            return .providerError(
                "Provider error: the provider failed to complete the request.", generationID: generationID)
        }
    }
}
