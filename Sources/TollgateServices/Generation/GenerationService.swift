import Foundation
import Logging
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

/// The generation lifecycle, one for every surface: admission (plan and tier, rate windows, hold and the
/// generation row, all or nothing), the provider call, settlement (capture or release with the final row),
/// and the idempotent answer remembered. A surface parses its request into a `GenerationCall`, calls
/// `generate` (or `startStream`) and renders what comes back; it never drives the steps itself.
public struct GenerationService: Sendable {
    let store: Store
    let plans: PlanBook
    let ledger: LedgerService
    let providers: ProviderRegistry
    let clock: any WallClock
    let logger: Logger
    let files: FileService
    let inputs: InputGuard
    /// Cuts a video's first frame, for the thumbnail of a video made from text.
    let frames: FrameGrabber?
    /// How long a stream may go without a write before a keep-alive is sent.
    let keepAlive: Duration
    /// How long a write to a stream's client may wait (the client not reading) before the stream ends.
    let stalledReaderTimeout: Duration
    /// This process: it owns the idempotency keys it claims.
    let instance: Instance
    /// The models an operator switched off.
    public let switches: ModelSwitches

    public init(
        store: Store, plans: PlanBook, ledger: LedgerService, providers: ProviderRegistry, clock: any WallClock,
        logger: Logger,
        files: FileService, inputs: InputGuard, frames: FrameGrabber? = nil, keepAlive: Duration, instance: Instance,
        switches: ModelSwitches, stalledReaderTimeout: Duration = .seconds(30)
    ) {
        self.stalledReaderTimeout = stalledReaderTimeout
        self.store = store
        self.plans = plans
        self.ledger = ledger
        self.providers = providers
        self.clock = clock
        self.logger = logger
        self.files = files
        self.inputs = inputs
        self.frames = frames
        self.keepAlive = keepAlive
        self.instance = instance
        self.switches = switches
    }

    /// The clock's time now (milliseconds since 1970), for answers that depend on it.
    public var nowMilliseconds: Int64 { clock.nowMilliseconds() }

    /// How long an idempotency key stays bound to its first request.
    static let idempotencyWindow: Int64 = 24 * 3_600_000

    /// Runs `call` to the answer its surface gives: admitted, then run to its end — or, for an asynchronous
    /// model on a surface that does not wait, answered pending and left to the job runner — settled, and its
    /// answer remembered for the idempotency key. 402, 429, 403 and 422 are thrown before anything is held.
    public func generate(_ call: GenerationCall) async throws -> GenerationAnswer {
        let input = call.input
        try await checkInputs(input)
        let runsNow = !input.model.isAsync || call.waitsForResult
        let admission: Admission
        switch try await admit(call, asJob: !runsNow) {
        case .replay(let status, let body): return .replay(status: status, body: body)
        case .fresh(let fresh): admission = fresh
        }
        let result: GenerationResult
        if !runsNow {
            result = GenerationResult(
                generation: admission.generation, balance: admission.account.availableTokens, failure: nil)
        } else if input.model.category == .text {
            result = try await completeText(admission, input: input, logger: call.logger)
        } else {
            result = try await completeMedia(
                admission.generation, model: input.model, uploads: call.uploads, logger: call.logger)
        }
        await remember(admission, result, baseURL: call.baseURL)
        return .generation(result, rate: admission.rate)
    }

    /// Stores the answer of an idempotent request — the native generation object, or the error envelope — so
    /// that repeats get it. Nothing is rendered for a request without a key.
    func remember(_ admission: Admission, _ result: GenerationResult, baseURL: String?) async {
        guard let key = admission.idempotencyKey else { return }
        await remember(key: key, accountID: admission.generation.accountID, result, baseURL: baseURL)
    }

    func remember(key: String, accountID: Int64, _ result: GenerationResult, baseURL: String?) async {
        let (status, body): (Int, JSONValue) =
            result.failure.map { ($0.httpStatus, $0.envelope) }
            ?? (200, GenerationView.json(result.generation, balance: result.balance, baseURL: baseURL ?? ""))
        let text = JSONText.encode(body) ?? "{}"
        do {
            try await store.transaction { db in
                try await store.idempotency.complete(accountID: accountID, key: key, status: status, body: text, on: db)
            }
        } catch {
            logger.error("idempotency store failed", metadata: ["generation": "\(result.generation.id)"])
        }
    }

    /// A generation of this account with the account's current balance, or nil.
    public func find(id: Int64, accountID: Int64) async throws -> (GenerationRecord, Int64)? {
        try await store.read { db in
            guard let generation = try await store.generations.find(id: id, accountID: accountID, on: db),
                let account = try await store.accounts.find(id: accountID, on: db)
            else { return nil }
            return (generation, account.availableTokens)
        }
    }

    /// Whether `model` can run here: an operator has not switched it off, and its provider (a text model: one
    /// of its routes) is configured.
    public func isAvailable(_ model: ModelEntry) -> Bool {
        isConfigured(model) && !switches.isDisabled(model.slug)
    }

    /// Whether the provider of `model` (a text model: one of its routes) is configured.
    public func isConfigured(_ model: ModelEntry) -> Bool {
        switch model.category {
        case .text: !textRoutes(model).isEmpty
        default: providers.mediaProvider(slug: model.slug) != nil
        }
    }

    /// The configured routes of a text model, in the order to try them.
    func textRoutes(_ model: ModelEntry) -> [(route: ModelRoute, provider: any TextProvider)] {
        model.routes.compactMap { route in providers.textProvider(route.provider).map { (route, $0) } }
    }
}
