/// ElevenLabs' wire types: speech-to-text and dubbing answers, and `{"detail": …}` errors.
enum ElevenLabsWire {
    /// `POST /v1/speech-to-text`.
    struct Transcript: Encodable, Sendable {
        var languageCode: String
        var languageProbability: Double
        var text: String
        var words: [Word]
        var transcriptionID: String

        enum CodingKeys: String, CodingKey {
            case text, words
            case languageCode = "language_code"
            case languageProbability = "language_probability"
            case transcriptionID = "transcription_id"
        }
    }

    /// A word, or the spacing between two, with its times and speaker.
    struct Word: Encodable, Sendable {
        var text: String
        var start: Double
        var end: Double
        var type: String
        var speakerID: String
        var logprob: Double = 0

        enum CodingKeys: String, CodingKey {
            case text, start, end, type, logprob
            case speakerID = "speaker_id"
        }
    }

    /// `POST /v1/dubbing`.
    struct DubbingCreated: Encodable, Sendable {
        var dubbingID: String
        var expectedDurationSec: Double

        enum CodingKeys: String, CodingKey {
            case dubbingID = "dubbing_id"
            case expectedDurationSec = "expected_duration_sec"
        }
    }

    /// `GET /v1/dubbing/{id}`.
    struct Dubbing: Encodable, Sendable {
        var dubbingID: String
        var name: String
        var status: String
        var sourceLanguage: String
        var targetLanguages: [String]
        var editable = false
        var createdAt: String
        var mediaMetadata: MediaMetadata
        var error: OrNull<String>

        struct MediaMetadata: Encodable, Sendable {
            var contentType: String
            var duration: Double

            enum CodingKeys: String, CodingKey {
                case duration
                case contentType = "content_type"
            }
        }

        enum CodingKeys: String, CodingKey {
            case name, status, editable, error
            case dubbingID = "dubbing_id"
            case sourceLanguage = "source_language"
            case targetLanguages = "target_languages"
            case createdAt = "created_at"
            case mediaMetadata = "media_metadata"
        }
    }

    /// `{"detail": {"status", "message"}}`.
    struct ErrorBody: Encodable, Sendable {
        var detail: Detail

        struct Detail: Encodable, Sendable {
            var status: String
            var message: String
        }
    }

    /// FastAPI's validation error: `{"detail": [{"loc", "msg", "type"}]}`.
    struct ValidationError: Encodable, Sendable {
        var detail: [Item]

        struct Item: Encodable, Sendable {
            var loc: [String]
            var msg: String
            var type: String
        }
    }
}
