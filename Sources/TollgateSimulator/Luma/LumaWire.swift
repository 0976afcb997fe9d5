/// Luma Dream Machine's wire types: the generation object, and `{"detail": …}` errors.
enum LumaWire {
    /// A generation.
    struct Generation: Encodable, Sendable {
        var id: String
        var generationType: String
        var state: String
        var failureReason: OrNull<String>
        var createdAt: String
        var assets: OrNull<Assets>
        var model: String
        var request: AnyJSON

        enum CodingKeys: String, CodingKey {
            case id, state, assets, model, request
            case generationType = "generation_type"
            case failureReason = "failure_reason"
            case createdAt = "created_at"
        }
    }

    /// The finished generation's files.
    struct Assets: Encodable, Sendable {
        var video: String?
        var image: String?
    }

    /// An error answer.
    struct ErrorBody: Encodable, Sendable {
        var detail: String
    }
}
