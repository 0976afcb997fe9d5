/// LegNext's task object: what `POST /api/v1/diffusion`, `/api/v1/video-diffusion` and
/// `GET /api/v1/job/{job_id}` answer, and (with `status: "failed"`) its error answers too.
enum LegNextWire {
    /// A task.
    struct Task: Encodable, Sendable {
        var jobID: String
        var model = "midjourney"
        var taskType: String
        var status: String
        var config: Config
        var input: OrNull<AnyJSON>
        var output: OrNull<Output>
        var meta: OrNull<Meta>
        var detail: OrNull<String> = OrNull(nil)
        var logs: [String] = []
        var error: TaskError

        enum CodingKeys: String, CodingKey {
            case model, status, config, input, output, meta, detail, logs, error
            case jobID = "job_id"
            case taskType = "task_type"
        }
    }

    /// `config`: the service mode and the webhook it calls.
    struct Config: Encodable, Sendable {
        var serviceMode = "public"
        var webhookConfig: Webhook

        struct Webhook: Encodable, Sendable {
            var endpoint: String
            var secret = ""
        }

        enum CodingKeys: String, CodingKey {
            case serviceMode = "service_mode"
            case webhookConfig = "webhook_config"
        }
    }

    /// `output`: the grid (`image_url`) and the four images (`image_urls`) of an image task; the
    /// videos (`video_urls`) of a video task.
    struct Output: Encodable, Sendable {
        var imageURL: String?
        var imageURLs: OrNull<[String]>?
        var videoURLs: [String]?
        var seed: String

        enum CodingKeys: String, CodingKey {
            case seed
            case imageURL = "image_url"
            case imageURLs = "image_urls"
            case videoURLs = "video_urls"
        }
    }

    /// `meta`: timestamps and the points the task froze and consumed.
    struct Meta: Encodable, Sendable {
        var createdAt: String
        var startedAt: String
        var endedAt: String
        var usage: Usage

        struct Usage: Encodable, Sendable {
            var type = "point"
            var frozen: Int
            var consume: Int
        }

        enum CodingKeys: String, CodingKey {
            case usage
            case createdAt = "created_at"
            case startedAt = "started_at"
            case endedAt = "ended_at"
        }
    }

    /// `error`: code 0 and empty texts while nothing failed.
    struct TaskError: Encodable, Sendable {
        var code = 0
        var rawMessage = ""
        var message = ""
        var detail: OrNull<String> = OrNull(nil)

        enum CodingKeys: String, CodingKey {
            case code, message, detail
            case rawMessage = "raw_message"
        }
    }
}
