/// OpenAI's media answers: Images (`/v1/images/*`), transcriptions and Videos (`/v1/videos`).
enum MediaOpenAIWire {
    /// The Images answer: `{"created", "data": [...]}`; GPT image models add `background`,
    /// `output_format`, `quality`, `size` and `usage`.
    struct ImagesAnswer: Encodable, Sendable {
        var created: Int
        var data: [Image]
        var background: String?
        var outputFormat: String?
        var quality: String?
        var size: String?
        var usage: ImageUsage?

        enum CodingKeys: String, CodingKey {
            case created, data, background, quality, size, usage
            case outputFormat = "output_format"
        }
    }

    /// One image: inline or linked; DALL·E 3 also says the prompt it drew.
    struct Image: Encodable, Sendable {
        var url: String?
        var b64JSON: String?
        var revisedPrompt: String?

        enum CodingKeys: String, CodingKey {
            case url
            case b64JSON = "b64_json"
            case revisedPrompt = "revised_prompt"
        }
    }

    /// GPT image models' token usage.
    struct ImageUsage: Encodable, Sendable {
        var inputTokens: Int
        var inputTokensDetails: InputDetails
        var outputTokens: Int
        var totalTokens: Int

        struct InputDetails: Encodable, Sendable {
            var imageTokens: Int
            var textTokens: Int

            enum CodingKeys: String, CodingKey {
                case imageTokens = "image_tokens"
                case textTokens = "text_tokens"
            }
        }

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case inputTokensDetails = "input_tokens_details"
            case outputTokens = "output_tokens"
            case totalTokens = "total_tokens"
        }
    }

    /// The `json` transcription: `{"text", "usage"}`.
    struct Transcription: Encodable, Sendable {
        var text: String
        var usage: TranscriptionUsage
    }

    /// Whisper bills by duration, the GPT-4o models by tokens.
    struct TranscriptionUsage: Encodable, Sendable {
        var type: String
        var seconds: Int?
        var inputTokens: Int?
        var inputTokenDetails: AudioTokens?
        var outputTokens: Int?
        var totalTokens: Int?

        struct AudioTokens: Encodable, Sendable {
            var textTokens: Int
            var audioTokens: Int

            enum CodingKeys: String, CodingKey {
                case textTokens = "text_tokens"
                case audioTokens = "audio_tokens"
            }
        }

        enum CodingKeys: String, CodingKey {
            case type, seconds
            case inputTokens = "input_tokens"
            case inputTokenDetails = "input_token_details"
            case outputTokens = "output_tokens"
            case totalTokens = "total_tokens"
        }
    }

    /// The `verbose_json` transcription.
    struct VerboseTranscription: Encodable, Sendable {
        var task = "transcribe"
        var language: String
        var duration: Double
        var text: String
        var segments: [Segment]
        var usage: TranscriptionUsage

        struct Segment: Encodable, Sendable {
            var id: Int
            var seek: Int
            var start: Double
            var end: Double
            var text: String
        }
    }

    /// A video job (`object: "video"`).
    struct Video: Encodable, Sendable {
        var id: String
        var object = "video"
        var createdAt: Int
        var status: String
        var model: String
        var progress: Int
        var seconds: String
        var size: String
        var quality = "standard"
        var remixedFromVideoID: OrNull<String> = OrNull(nil)
        var completedAt: OrNull<Int>
        var expiresAt: OrNull<Int>
        var error: OrNull<VideoError>

        enum CodingKeys: String, CodingKey {
            case id, object, status, model, progress, seconds, size, quality, error
            case createdAt = "created_at"
            case remixedFromVideoID = "remixed_from_video_id"
            case completedAt = "completed_at"
            case expiresAt = "expires_at"
        }
    }

    /// Why a video job failed.
    struct VideoError: Encodable, Sendable {
        var code: String
        var message: String
    }
}
