import SQLKit

/// The lifecycle states of a generation (SPEC §4).
public enum GenerationStatus: String, Sendable, Codable {
    case pending, completed, failed
}

/// One row of `generations`, exactly as stored. Times are unix milliseconds; JSON columns are text.
public struct GenerationRecord: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var keyID: Int64?
    public var modelSlug: String
    public var category: String
    public var status: GenerationStatus
    public var prompt: String?
    public var request: String?
    public var price: Int64
    public var heldSubscription: Int64
    public var heldPackage: Int64
    public var heldCycle: Int64?
    public var holdOpen: Bool
    public var tokensSpent: Int64
    public var resultText: String?
    public var resultURL: String?
    public var thumbnailURL: String?
    public var resultMetadata: String?
    public var usage: String?
    public var seed: Int64?
    public var error: String?
    public var processingMs: Int64?
    public var deadlineAt: Int64
    public var createdAt: Int64
    public var completedAt: Int64?
    public var upstreamID: String?
    public var attempts: Int
    public var nextPollAt: Int64?
    public var callbackURL: String?
    public var isFavorite: Bool
    public var rating: Int?

    static let columns = [
        "id", "account_id", "key_id", "model_slug", "category", "status", "prompt", "request", "price",
        "held_subscription",
        "held_package", "held_cycle", "hold_open", "tokens_spent", "result_text", "result_url", "thumbnail_url",
        "result_metadata",
        "usage", "seed", "error", "processing_ms", "deadline_at", "created_at", "completed_at", "upstream_id",
        "attempts",
        "next_poll_at", "callback_url", "is_favorite", "rating",
    ]
    static let columnList = columns.joined(separator: ", ")
    /// The columns a new pending generation is inserted with, in the order of its values.
    static let newColumnList = """
        account_id, key_id, model_slug, category, status, prompt, request, price, held_subscription, held_package, \
        held_cycle, hold_open, deadline_at, created_at, next_poll_at, callback_url, locked_by
        """

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        keyID = try row.decode(column: "key_id", as: Int64?.self)
        modelSlug = try row.decode(column: "model_slug", as: String.self)
        category = try row.decode(column: "category", as: String.self)
        status = GenerationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        prompt = try row.decode(column: "prompt", as: String?.self)
        request = try row.decode(column: "request", as: String?.self)
        price = try row.decode(column: "price", as: Int64.self)
        heldSubscription = try row.decode(column: "held_subscription", as: Int64.self)
        heldPackage = try row.decode(column: "held_package", as: Int64.self)
        heldCycle = try row.decode(column: "held_cycle", as: Int64?.self)
        holdOpen = try row.decode(column: "hold_open", as: Int.self) != 0
        tokensSpent = try row.decode(column: "tokens_spent", as: Int64.self)
        resultText = try row.decode(column: "result_text", as: String?.self)
        resultURL = try row.decode(column: "result_url", as: String?.self)
        thumbnailURL = try row.decode(column: "thumbnail_url", as: String?.self)
        resultMetadata = try row.decode(column: "result_metadata", as: String?.self)
        usage = try row.decode(column: "usage", as: String?.self)
        seed = try row.decode(column: "seed", as: Int64?.self)
        error = try row.decode(column: "error", as: String?.self)
        processingMs = try row.decode(column: "processing_ms", as: Int64?.self)
        deadlineAt = try row.decode(column: "deadline_at", as: Int64.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        completedAt = try row.decode(column: "completed_at", as: Int64?.self)
        upstreamID = try row.decode(column: "upstream_id", as: String?.self)
        attempts = try row.decode(column: "attempts", as: Int.self)
        nextPollAt = try row.decode(column: "next_poll_at", as: Int64?.self)
        callbackURL = try row.decode(column: "callback_url", as: String?.self)
        isFavorite = try row.decode(column: "is_favorite", as: Int.self) != 0
        rating = try row.decode(column: "rating", as: Int?.self)
    }
}

/// The values a pending generation is inserted with; the service decides them.
public struct NewGeneration: Sendable {
    public var accountID: Int64
    public var keyID: Int64?
    public var modelSlug: String
    public var category: String
    public var prompt: String?
    public var request: String?
    public var price: Int64
    public var heldSubscription: Int64
    public var heldPackage: Int64
    public var heldCycle: Int64?
    public var deadlineAt: Int64
    public var createdAt: Int64
    public var nextPollAt: Int64?
    public var callbackURL: String?
    /// The instance running it inline (not a job): if that instance dies, another ends the generation.
    public var owner: String?

    public init(
        accountID: Int64, keyID: Int64?, modelSlug: String, category: String, prompt: String?, request: String?,
        price: Int64, heldSubscription: Int64, heldPackage: Int64, heldCycle: Int64?, deadlineAt: Int64,
        createdAt: Int64, nextPollAt: Int64? = nil, callbackURL: String? = nil, owner: String? = nil
    ) {
        self.owner = owner
        self.accountID = accountID
        self.keyID = keyID
        self.modelSlug = modelSlug
        self.category = category
        self.prompt = prompt
        self.request = request
        self.price = price
        self.heldSubscription = heldSubscription
        self.heldPackage = heldPackage
        self.heldCycle = heldCycle
        self.deadlineAt = deadlineAt
        self.createdAt = createdAt
        self.nextPollAt = nextPollAt
        self.callbackURL = callbackURL
    }
}

/// What a finished generation is stored with.
public struct GenerationOutcome: Sendable {
    public var status: GenerationStatus
    public var tokensSpent: Int64
    public var resultText: String?
    public var resultURL: String?
    public var thumbnailURL: String?
    public var resultMetadata: String?
    public var usage: String?
    public var seed: Int64?
    public var error: String?
    public var processingMs: Int64
    public var completedAt: Int64

    public init(
        status: GenerationStatus, tokensSpent: Int64, resultText: String? = nil, resultURL: String? = nil,
        thumbnailURL: String? = nil, resultMetadata: String? = nil, usage: String? = nil, seed: Int64? = nil,
        error: String? = nil, processingMs: Int64, completedAt: Int64
    ) {
        self.status = status
        self.tokensSpent = tokensSpent
        self.resultText = resultText
        self.resultURL = resultURL
        self.thumbnailURL = thumbnailURL
        self.resultMetadata = resultMetadata
        self.usage = usage
        self.seed = seed
        self.error = error
        self.processingMs = processingMs
        self.completedAt = completedAt
    }
}
