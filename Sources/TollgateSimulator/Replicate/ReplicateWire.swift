/// Replicate's wire types: the prediction object (create, get and cancel answer it) and the
/// problem-details error body.
enum ReplicateWire {
    /// A prediction.
    struct Prediction: Encodable, Sendable {
        var id: String
        var model: String
        var version: String
        var input: AnyJSON
        var logs: String
        var output: AnyJSON
        var dataRemoved = false
        var error: OrNull<String>
        var status: String
        var createdAt: String
        var startedAt: String?
        var completedAt: String?
        var urls: URLs
        var metrics: Metrics?

        enum CodingKeys: String, CodingKey {
            case id, model, version, input, logs, output, error, status, urls, metrics
            case dataRemoved = "data_removed"
            case createdAt = "created_at"
            case startedAt = "started_at"
            case completedAt = "completed_at"
        }
    }

    /// Where to poll and cancel the prediction.
    struct URLs: Encodable, Sendable {
        var cancel: String
        var get: String
        var web: String
    }

    /// Run times of a finished prediction, in seconds.
    struct Metrics: Encodable, Sendable {
        var predictTime: Double
        var totalTime: Double

        enum CodingKeys: String, CodingKey {
            case predictTime = "predict_time"
            case totalTime = "total_time"
        }
    }

    /// An error answer (`application/problem+json`).
    struct Problem: Encodable, Sendable {
        var title: String
        var detail: String
        var status: Int
    }
}
