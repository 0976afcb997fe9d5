import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// A generation asked for on any surface — the native API, the OpenAI and Anthropic compatible surfaces,
/// speech-to-text, and the channels — parsed and validated, with what the surface can answer.
public struct GenerationCall: Sendable {
    public var principal: Principal
    public var input: GenerationInput
    /// The request's `Idempotency-Key` claim, if it sent one: a repeat then gets the first answer.
    public var idempotency: IdempotencyClaim?
    /// Files that came with the request (an STT upload), by param name.
    public var uploads: [String: MediaInput]
    /// Whether the surface answers an asynchronous model with its result, waiting for it in the request,
    /// rather than at once with the pending generation. A synchronous model always runs to its end.
    public var waitsForResult: Bool
    /// The public base URL that file links in the stored answer of an `idempotency` claim are made absolute under.
    public var baseURL: String?
    /// The request's logger: what the lifecycle logs for it carries its `request_id`.
    public var logger: Logger

    public init(
        principal: Principal, input: GenerationInput, idempotency: IdempotencyClaim? = nil,
        uploads: [String: MediaInput] = [:],
        waitsForResult: Bool, baseURL: String? = nil, logger: Logger
    ) {
        self.principal = principal
        self.input = input
        self.idempotency = idempotency
        self.uploads = uploads
        self.waitsForResult = waitsForResult
        self.baseURL = baseURL
        self.logger = logger
    }
}

/// A generation as the caller sees it: completed, failed (with the error to answer), or pending (an
/// asynchronous job the caller polls), and the account's balance after it.
public struct GenerationResult: Sendable {
    public var generation: GenerationRecord
    public var balance: Int64
    /// Set when the generation failed: the error to answer with.
    public var failure: APIError?
}

/// What the lifecycle answers a call.
public enum GenerationAnswer: Sendable {
    /// A new generation, with the caller's rate-limit standing once it was counted.
    case generation(GenerationResult, rate: RateLimitState)
    /// A repeat of an idempotent request: the first request's answer.
    case replay(status: Int, body: String)

    /// The new generation and the rate standing, its failure thrown — for a surface that sends no idempotency
    /// claim, the only way to get a replay.
    public func succeeded() throws -> (GenerationResult, RateLimitState) {
        guard case .generation(let result, let rate) = self else { throw APIError.internal() }
        if let failure = result.failure { throw failure }
        return (result, rate)
    }
}
