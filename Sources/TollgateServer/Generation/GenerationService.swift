import Foundation
import Logging
import SQLKit
import TollgateCore
import TollgateProviders
import TollgateStore

/// A generation admitted and holding its price, with the caller's rate-limit standing.
public struct Admission: Sendable {
    public var generation: GenerationRecord
    public var account: AccountRecord
    public var rate: RateLimitState
    /// The idempotency key this generation answers, if any.
    public var idempotencyKey: String?
}

/// What admission decided.
public enum Admitted: Sendable {
    /// A new generation, holding its price.
    case fresh(Admission)
    /// A repeat of an idempotent request: the first request's answer.
    case replay(status: Int, body: String)
}

/// An `Idempotency-Key` and the fingerprint of the request body it came with.
public struct IdempotencyClaim: Sendable {
    public var key: String
    public var fingerprint: String
}

/// Decides and runs generations: admission (plan and tier, rate windows, hold and the generation row in
/// one transaction), the provider call, and settlement (capture or release with the final row, in one
/// transaction). The API surfaces only parse requests and render answers around it.
public struct GenerationService: Sendable {
    let store: Store
    let plans: PlanBook
    let ledger: LedgerService
    let providers: ProviderRegistry
    let clock: any WallClock
    let logger: Logger
    let files: FileService
    let inputs: InputGuard

    /// How long an idempotency key stays bound to its first request.
    static let idempotencyWindow: Int64 = 24 * 3_600_000

    /// Plan and tier, then (in one transaction) idempotency claim, rate windows, hold and row insert.
    /// With `inline`, an asynchronous model is run by the caller to its end (the compatible surfaces answer
    /// synchronously) rather than handed to the job runner.
    public func admit(
        principal: Principal, keyID: Int64?, input: GenerationInput, idempotency: IdempotencyClaim?, inline: Bool = false
    ) async throws -> Admitted {
        guard let plan = plans.plan(principal.plan) else { throw APIError.internal("Unknown plan.") }
        if input.model.tier != .starter, plan.modelAccess == .starter {
            throw APIError.insufficientPlan(
                "Model \(input.model.slug) needs a paid plan; \(plan.name) reaches Starter-tier models only.", requiredPlan: "basic")
        }
        guard providerAvailable(input.model) else {
            throw APIError.modelUnavailable("Model \(input.model.slug) is not available on this server right now.")
        }
        let now = clock.nowMilliseconds()
        let windows = RateWindows(now: now)
        let new = NewGeneration(
            accountID: principal.accountID, keyID: keyID, modelSlug: input.model.slug, category: input.model.category.rawValue,
            prompt: input.prompt, request: Self.requestJSON(input), price: input.model.price.price(input.params),
            heldSubscription: 0, heldPackage: 0, heldCycle: nil,
            deadlineAt: now + Int64(input.model.deadlineSeconds) * 1000, createdAt: now,
            nextPollAt: input.model.isAsync && !inline ? now : nil, callbackURL: input.callbackURL)
        let admit: @Sendable (any SQLDatabase) async throws -> Admission = { db in
            if let idempotency {
                let claimed = try await store.idempotency.claim(
                    accountID: principal.accountID, key: idempotency.key, fingerprint: idempotency.fingerprint,
                    now: now, expiredBefore: now - Self.idempotencyWindow, on: db)
                guard claimed else { throw IdempotencyTaken() }
            }
            let (generation, account, rate) = try await countAndHold(new, plan: plan, windows: windows, on: db)
            if let idempotency {
                try await store.idempotency.attach(
                    accountID: principal.accountID, key: idempotency.key, generationID: generation.id, on: db)
            }
            return Admission(generation: generation, account: account, rate: rate, idempotencyKey: idempotency?.key)
        }
        do {
            if idempotency == nil, store.engine.kind == .postgres {
                // One statement committed on its own, together with the admissions arriving meanwhile.
                let outcome = try await store.admissions.admit(new, windows: Self.windowCounts(plan: plan, windows: windows))
                let (generation, account, rate) = try Self.held(outcome, plan: plan, windows: windows)
                return .fresh(Admission(generation: generation, account: account, rate: rate, idempotencyKey: nil))
            }
            return .fresh(try await idempotency == nil ? store.statement(admit) : store.transaction(admit))
        } catch is IdempotencyTaken {
            return try await replay(accountID: principal.accountID, claim: idempotency!, deadline: new.deadlineAt)
        } catch is BalanceShort {
            // Read after the rollback: a PostgreSQL transaction takes no statement after a failed one.
            let available = try await store.read { db in try await store.accounts.find(id: new.accountID, on: db)?.availableTokens }
            throw APIError.insufficientTokens(required: new.price, available: available ?? 0)
        }
    }

    private struct IdempotencyTaken: Error {}
    private struct BalanceShort: Error {}

    func providerAvailable(_ model: ModelEntry) -> Bool {
        switch model.category {
        case .text: !textRoutes(model).isEmpty
        default: providers.mediaProvider(slug: model.slug) != nil
        }
    }

    /// The configured routes of a text model, in the order to try them.
    func textRoutes(_ model: ModelEntry) -> [(route: ModelRoute, provider: any TextProvider)] {
        model.routes.compactMap { route in providers.textProvider(route.provider).map { (route, $0) } }
    }

    /// Counts the generation in the hour and day windows, holds its price and inserts it, in the caller's
    /// transaction: 429 when a window is full, 402 when the balance is short (the caller's rollback then
    /// undoes the counts). One statement on PostgreSQL, where these rows are contended; four on SQLite.
    func countAndHold(
        _ new: NewGeneration, plan: Plan, windows: RateWindows, on db: any SQLDatabase
    ) async throws -> (GenerationRecord, AccountRecord, RateLimitState) {
        let counted = Self.windowCounts(plan: plan, windows: windows)
        guard store.engine.kind == .postgres else {
            let used = try await store.rateWindows.increment(accountID: new.accountID, windows: counted, on: db)
            let rate = try Self.rateState(plan: plan, windows: windows, used: used)
            let (generation, account) = try await ledger.holdAndInsert(new, on: db)
            return (generation, account, rate)
        }
        return try Self.held(try await store.admissions.admit(new, windows: counted, on: db), plan: plan, windows: windows)
    }

    /// The windows with a limit on `plan` that a new generation is counted in.
    static func windowCounts(plan: Plan, windows: RateWindows) -> [WindowCount] {
        var counted: [WindowCount] = []
        if plan.limitHour > 0 { counted.append(WindowCount(kind: "h", windowStart: windows.hourStart, limit: plan.limitHour)) }
        if plan.limitDay > 0 { counted.append(WindowCount(kind: "d", windowStart: windows.dayStart, limit: plan.limitDay)) }
        return counted
    }

    /// The admitted generation, its owner and the rate standing of a PostgreSQL admission; 429 or 402 for a
    /// refused one.
    static func held(_ outcome: AdmissionOutcome, plan: Plan, windows: RateWindows) throws -> (GenerationRecord, AccountRecord, RateLimitState) {
        switch outcome {
        case .admitted(let generation, let account, let used):
            return (generation, account, try rateState(plan: plan, windows: windows, used: used))
        case .windowFull(let counted):
            let state = RateLimitState(limitHour: plan.limitHour, limitDay: plan.limitDay, usedHour: 0, usedDay: 0, windows: windows)
            throw state.exceeded(plan: plan.code, hourFull: plan.limitHour > 0 && !counted.contains("h"))
        case .short:
            throw BalanceShort()
        }
    }

    /// Where the account stands after counting; throws 429 when a window with a limit was not counted (full).
    static func rateState(plan: Plan, windows: RateWindows, used: [String: Int64]) throws -> RateLimitState {
        var state = RateLimitState(limitHour: plan.limitHour, limitDay: plan.limitDay, usedHour: 0, usedDay: 0, windows: windows)
        if plan.limitHour > 0 {
            guard let hour = used["h"] else {
                state.usedHour = plan.limitHour
                throw state.exceeded(plan: plan.code, hourFull: true)
            }
            state.usedHour = hour
        }
        if plan.limitDay > 0 {
            guard let day = used["d"] else { throw state.exceeded(plan: plan.code, hourFull: false) }
            state.usedDay = day
        }
        return state
    }

    /// The first answer to an idempotent request, waiting for it while the first request still runs.
    func replay(accountID: Int64, claim: IdempotencyClaim, deadline: Int64) async throws -> Admitted {
        while true {
            guard let record = try await store.read({ db in try await store.idempotency.find(accountID: accountID, key: claim.key, on: db) })
            else { throw APIError.conflict("The Idempotency-Key was released; retry the request.") }
            guard record.fingerprint == claim.fingerprint else {
                throw APIError.conflict("This Idempotency-Key was used with a different request body.")
            }
            if let status = record.responseStatus, let body = record.responseBody {
                return .replay(status: status, body: body)
            }
            guard clock.nowMilliseconds() < deadline else {
                throw APIError.conflict("The first request with this Idempotency-Key has not finished.")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs a synchronous text generation to its end and settles it.
    /// Tries the model's routes in order while a failure allows a fallback (5xx, 429, timeout).
    public func completeText(_ admission: Admission, input: GenerationInput) async throws -> Settled {
        let started = ContinuousClock.now
        var failure = ProviderFailure(.unsupported, "The provider is not configured.")
        for (route, provider) in textRoutes(input.model) {
            do {
                let result = try await provider.complete(input.chatRequest(model: route.upstreamModel))
                return try await settle(admission, text: result.text, usage: result.usage, started: started)
            } catch {
                failure = ProviderTransport.failure(from: error)
                guard failure.allowsFallback else { break }
                logger.notice("route failed, trying the next", metadata: ["model": "\(input.model.slug)", "provider": "\(route.provider)"])
            }
        }
        return try await settle(admission, failure: failure, started: started)
    }

    /// The end of a generation as the caller sees it.
    public struct Settled: Sendable {
        public var generation: GenerationRecord
        public var balance: Int64
        /// Set when the provider failed: the error to answer with.
        public var failure: APIError?
    }

    /// Completes a generation with its text, capturing its price.
    func settle(_ admission: Admission, text: String, usage: TokenUsage?, started: ContinuousClock.Instant) async throws -> Settled {
        let outcome = GenerationOutcome(
            status: .completed, tokensSpent: admission.generation.price, resultText: text,
            usage: usage.flatMap(Self.usageJSON), processingMs: Self.milliseconds(since: started),
            completedAt: clock.nowMilliseconds())
        return try await finish(admission.generation, outcome: outcome, failure: nil)
    }

    /// Fails a generation, releasing its hold.
    func settle(_ admission: Admission, failure: ProviderFailure, started: ContinuousClock.Instant) async throws -> Settled {
        try await fail(admission.generation, failure: failure, processingMs: Self.milliseconds(since: started))
    }

    /// Fails a generation for a provider failure, releasing its hold.
    func fail(_ generation: GenerationRecord, failure: ProviderFailure, processingMs: Int64) async throws -> Settled {
        let apiError = failure.apiError(generationID: generation.id)
        logger.warning("provider failed", metadata: [
            "generation": "\(generation.id)", "model": "\(generation.modelSlug)",
            "failure": "\(failure.kind.rawValue)", "upstream_status": "\(failure.status.map(String.init) ?? "-")",
        ])
        let outcome = GenerationOutcome(
            status: .failed, tokensSpent: 0, error: apiError.message, processingMs: processingMs,
            completedAt: clock.nowMilliseconds())
        return try await finish(generation, outcome: outcome, failure: apiError)
    }

    /// Stores the final state, settles the hold and queues the webhook (`LedgerService.finish`).
    func finish(_ generation: GenerationRecord, outcome: GenerationOutcome, failure: APIError?) async throws -> Settled {
        let settled = try await ledger.finish(generation, outcome: outcome)
        if let (generation, account) = settled {
            return Settled(generation: generation, balance: account.availableTokens, failure: failure)
        }
        // Settled elsewhere first (the sweeper, past the deadline): report what is stored.
        let (stored, account) = try await store.read { db in
            (try await store.generations.find(id: generation.id, on: db),
             try await store.accounts.find(id: generation.accountID, on: db))
        }
        guard let stored, let account else { throw APIError.internal() }
        let error = stored.status == .failed
            ? APIError.providerTimeout("The generation did not finish before its deadline.", generationID: stored.id) : nil
        return Settled(generation: stored, balance: account.availableTokens, failure: error)
    }

    /// Stores the answer of an idempotent request so repeats get it.
    /// The body is only rendered when the request had an `Idempotency-Key`.
    public func remember(_ admission: Admission, status: Int, body: @autoclosure () -> String) async {
        guard let key = admission.idempotencyKey else { return }
        let body = body()
        do {
            try await store.transaction { db in
                try await store.idempotency.complete(accountID: admission.generation.accountID, key: key, status: status, body: body, on: db)
            }
        } catch {
            logger.error("idempotency store failed", metadata: ["generation": "\(admission.generation.id)"])
        }
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

    static func requestJSON(_ input: GenerationInput) -> String? {
        var request: [String: JSONValue] = ["params": .object(input.params)]
        if let prompt = input.prompt, input.model.category != .text { request["prompt"] = .string(prompt) }
        return JSONText.encode(.object(request))
    }
}

/// JSON text for storage columns.
enum JSONText {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func encode(_ value: JSONValue) -> String? {
        if let text = value.sortedJSONText { return text }
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func decode(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        return try? JSONValue(parsing: text)
    }
}

extension GenerationService {
    /// A generation of this account with the account's current balance, or nil.
    public func find(id: Int64, accountID: Int64) async throws -> (GenerationRecord, Int64)? {
        try await store.read { db in
            guard let generation = try await store.generations.find(id: id, accountID: accountID, on: db),
                let account = try await store.accounts.find(id: accountID, on: db)
            else { return nil }
            return (generation, account.availableTokens)
        }
    }
}
