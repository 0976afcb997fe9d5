import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

extension GenerationService {
    /// Runs a text generation to its end and settles it, trying the model's routes in order while a failure
    /// allows a fallback (5xx, 429, timeout).
    func completeText(_ admission: Admission, input: GenerationInput, logger: Logger) async throws -> GenerationResult {
        let started = ContinuousClock.now
        var failure = StreamRelay.notConfigured
        for (route, provider) in textRoutes(input.model) {
            do {
                let result = try await provider.complete(input.chatRequest(model: route.upstreamModel))
                return try await complete(
                    admission.generation, text: result.text, usage: result.usage, started: started)
            } catch {
                failure = ProviderTransport.failure(from: error)
                guard failure.allowsFallback else { break }
                logger.notice(
                    "route failed, trying the next",
                    metadata: ["model": "\(input.model.slug)", "provider": "\(route.provider)"])
            }
        }
        return try await fail(
            admission.generation, failure: failure, processingMs: Self.milliseconds(since: started), logger: logger)
    }

    /// Completes a text generation with its text, capturing its price.
    func complete(
        _ generation: GenerationRecord, text: String, usage: TokenUsage?, started: ContinuousClock.Instant
    ) async throws -> GenerationResult {
        let outcome = GenerationOutcome(
            status: .completed, tokensSpent: generation.price, resultText: text,
            usage: usage.flatMap(Self.usageJSON), processingMs: Self.milliseconds(since: started),
            completedAt: clock.nowMilliseconds())
        return try await finish(generation, outcome: outcome, failure: nil)
    }

    /// Fails a generation for a provider failure, releasing its hold.
    func fail(_ generation: GenerationRecord, failure: ProviderFailure, processingMs: Int64, logger: Logger)
        async throws -> GenerationResult
    {
        let apiError = failure.apiError(generationID: generation.id)
        logger.warning(
            "provider failed",
            metadata: [
                "generation": "\(generation.id)", "model": "\(generation.modelSlug)",
                "failure": "\(failure.kind.rawValue)", "upstream_status": "\(failure.status.map(String.init) ?? "-")",
            ])
        let outcome = GenerationOutcome(
            status: .failed, tokensSpent: 0, error: apiError.message, processingMs: processingMs,
            completedAt: clock.nowMilliseconds())
        return try await finish(generation, outcome: outcome, failure: apiError)
    }

    /// Stores the final state, settles the hold and queues the webhook (`LedgerService.finish`).
    func finish(_ generation: GenerationRecord, outcome: GenerationOutcome, failure: APIError?) async throws
        -> GenerationResult
    {
        if let (generation, account) = try await ledger.finish(generation, outcome: outcome) {
            return GenerationResult(generation: generation, balance: account.availableTokens, failure: failure)
        }
        // Settled elsewhere first (the sweeper, past the deadline): report what is stored.
        let (stored, account) = try await store.read { db in
            (
                try await store.generations.find(id: generation.id, on: db),
                try await store.accounts.find(id: generation.accountID, on: db)
            )
        }
        guard let stored, let account else { throw APIError.internal() }
        let error =
            stored.status == .failed
            ? APIError.providerTimeout("The generation did not finish before its deadline.", generationID: stored.id)
            : nil
        return GenerationResult(generation: stored, balance: account.availableTokens, failure: error)
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    static func usageJSON(_ usage: TokenUsage) -> String? {
        var object: [String: JSONValue] = [
            "input_tokens": .int(Int64(usage.inputTokens)), "output_tokens": .int(Int64(usage.outputTokens)),
            "total_tokens": .int(Int64(usage.totalTokens)),
        ]
        if let reasoning = usage.reasoningTokens { object["reasoning_tokens"] = .int(Int64(reasoning)) }
        return JSONText.encode(.object(object))
    }
}
