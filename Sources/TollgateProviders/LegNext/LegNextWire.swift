import TollgateCore

/// The LegNext MidJourney API's wire types (`/api/v1/diffusion`, `/api/v1/video-diffusion`,
/// `/api/v1/job/{job_id}`).
enum LegNextWire {
    /// `POST /api/v1/diffusion`: an imagine prompt with its `--` parameters.
    struct DiffusionBody: Encodable, Equatable {
        var text: String
    }

    /// `POST /api/v1/video-diffusion`: `prompt` is `"<image url> <text> --flags"`; `videoType` is
    /// 0 for 480p, 1 for 720p.
    struct VideoBody: Encodable, Equatable {
        var prompt: String
        var videoType: Int
    }

    /// A job, as the submit and `GET /api/v1/job/{job_id}` answer it.
    struct Job: Decodable {
        var jobID: String?
        /// `pending`, `staged`, `processing`, `completed` or `failed`.
        var status: String?
        var output: Output?
        var error: JobError?

        enum CodingKeys: String, CodingKey {
            case status, output, error
            case jobID = "job_id"
        }
    }

    /// A job's results: the four images and their grid for imagine, `video_urls` for video.
    struct Output: Decodable {
        /// The 2×2 grid of an imagine job (empty until done, and on some jobs).
        var imageURL: String?
        var imageURLs: [String]?
        var videoURLs: [String]?
        /// The seed used, as a string.
        var seed: String?

        enum CodingKeys: String, CodingKey {
            case seed
            case imageURL = "image_url"
            case imageURLs = "image_urls"
            case videoURLs = "video_urls"
        }
    }

    /// A failed job's `error` (`code` 0 and empty text while the job is fine).
    struct JobError: Decodable {
        var code: Int?
        var message: String?
        var rawMessage: String?

        enum CodingKeys: String, CodingKey {
            case code, message
            case rawMessage = "raw_message"
        }
    }

    /// An error answer: `{"code", "message", "raw_message"}`, or the same inside `{"error": {…}}`.
    /// Read for classification only, never shown.
    struct ErrorBody: Decodable {
        var code: Int?
        var message: String?
        var error: JobError?

        /// The error's code and text, wherever the body put them.
        var anyCode: Int? { code ?? error?.code }
        var text: String { [message, error?.message, error?.rawMessage].compactMap { $0 }.joined(separator: " ") }
    }
}
