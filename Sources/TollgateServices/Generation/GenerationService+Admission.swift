import Foundation
import TollgateCore
import TollgateStore

extension GenerationService {
    /// What admission decided.
    enum Admitted: Sendable {
        /// A new generation, holding its price.
        case fresh(Admission)
        /// A repeat of an idempotent request: the first request's answer.
        case replay(status: Int, body: String)
    }

    /// Plan and tier, then — all or nothing, in the store — idempotency claim, rate windows, hold and the
    /// generation row. `asJob`: the row is due for the job runner at once.
    func admit(_ call: GenerationCall, asJob: Bool) async throws -> Admitted {
        let (principal, input) = (call.principal, call.input)
        guard let plan = plans.plan(principal.plan) else { throw APIError.internal("Unknown plan.") }
        if !plan.reaches(input.model.tier) {
            throw APIError.insufficientPlan(
                "Model \(input.model.slug) needs a paid plan; \(plan.name) reaches Starter-tier models only.",
                requiredPlan: "basic")
        }
        if switches.isDisabled(input.model.slug) {
            throw APIError.modelUnavailable("Model \(input.model.slug) is switched off on this server.")
        }
        guard isConfigured(input.model) else {
            call.logger.warning(
                "model unavailable: its provider is not configured",
                metadata: ["model": "\(input.model.slug)", "provider": "\(input.model.provider)"])
            throw APIError.modelUnavailable("Model \(input.model.slug) is not available on this server right now.")
        }
        let now = clock.nowMilliseconds()
        let windows = RateWindows(now: now)
        let new = NewGeneration(
            accountID: principal.accountID, keyID: principal.keyID, modelSlug: input.model.slug,
            category: input.model.category.rawValue,
            prompt: input.prompt, request: Self.requestJSON(input), price: input.model.price.price(input.params),
            heldSubscription: 0, heldPackage: 0, heldCycle: nil,
            deadlineAt: now + Int64(input.model.deadlineSeconds) * 1000, createdAt: now,
            nextPollAt: asJob ? now : nil, callbackURL: input.callbackURL, owner: asJob ? nil : instance.id)
        var claim = call.idempotency
        claim?.expiredBefore = now - Self.idempotencyWindow
        claim?.owner = instance.id
        switch try await store.admissions.admit(
            new, windows: Self.windowCounts(plan: plan, windows: windows), idempotency: claim)
        {
        case .admitted(let generation, let account, let used):
            let rate = try Self.rateState(plan: plan, windows: windows, used: used)
            return .fresh(Admission(generation: generation, account: account, rate: rate, idempotencyKey: claim?.key))
        case .windowFull(let counted):
            let state = RateLimitState(
                limitHour: plan.limitHour, limitDay: plan.limitDay, usedHour: 0, usedDay: 0, windows: windows)
            throw state.exceeded(plan: plan.code, hourFull: plan.limitHour > 0 && !counted.contains("h"))
        case .short(let available):
            throw APIError.insufficientTokens(required: new.price, available: available)
        case .idempotencyTaken:
            return try await replay(accountID: principal.accountID, claim: claim!, deadline: new.deadlineAt)
        }
    }

    /// The windows with a limit on `plan` that a new generation is counted in.
    static func windowCounts(plan: Plan, windows: RateWindows) -> [WindowCount] {
        var counted: [WindowCount] = []
        if plan.limitHour > 0 {
            counted.append(WindowCount(kind: "h", windowStart: windows.hourStart, limit: plan.limitHour))
        }
        if plan.limitDay > 0 {
            counted.append(WindowCount(kind: "d", windowStart: windows.dayStart, limit: plan.limitDay))
        }
        return counted
    }

    /// Where the account stands after counting; throws 429 when a window with a limit was not counted (full).
    static func rateState(plan: Plan, windows: RateWindows, used: [String: Int64]) throws -> RateLimitState {
        var state = RateLimitState(
            limitHour: plan.limitHour, limitDay: plan.limitDay, usedHour: 0, usedDay: 0, windows: windows)
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
            guard
                let record = try await store.read({ db in
                    try await store.idempotency.find(accountID: accountID, key: claim.key, on: db)
                })
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

    /// The request as stored with the generation: its resolved params, and the prompt of a media model.
    static func requestJSON(_ input: GenerationInput) -> String? {
        var request: [String: JSONValue] = ["params": .object(input.params)]
        if let prompt = input.prompt, input.model.category != .text { request["prompt"] = .string(prompt) }
        return JSONText.encode(.object(request))
    }
}
