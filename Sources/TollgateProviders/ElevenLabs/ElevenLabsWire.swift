import Foundation
import TollgateCore

/// ElevenLabs' wire types (`https://api.elevenlabs.io/v1/…`). `nil` fields are left out of request
/// bodies. Audio endpoints answer with the audio bytes themselves.
enum ElevenLabsWire {
    /// `POST /v1/text-to-speech/{voice_id}`.
    struct SpeechBody: Encodable {
        var text: String
        var modelID: String
        var voiceSettings: VoiceSettings?

        enum CodingKeys: String, CodingKey {
            case text
            case modelID = "model_id"
            case voiceSettings = "voice_settings"
        }
    }

    /// `voice_settings`, overriding the voice's stored settings for one request.
    struct VoiceSettings: Encodable, Equatable {
        var stability: Double?
        var similarityBoost: Double?
        var speed: Double?

        enum CodingKeys: String, CodingKey {
            case stability, speed
            case similarityBoost = "similarity_boost"
        }
    }

    /// `POST /v1/sound-generation`.
    struct SoundBody: Encodable {
        var text: String
        var modelID: String
        var durationSeconds: Double?
        var promptInfluence: Double?
        var loop: Bool?

        enum CodingKeys: String, CodingKey {
            case text, loop
            case modelID = "model_id"
            case durationSeconds = "duration_seconds"
            case promptInfluence = "prompt_influence"
        }
    }

    /// `POST /v1/text-to-dialogue`.
    struct DialogueBody: Encodable {
        var inputs: [DialogueLine]
        var modelID: String

        enum CodingKeys: String, CodingKey {
            case inputs
            case modelID = "model_id"
        }
    }

    /// One line of a dialogue.
    struct DialogueLine: Encodable, Equatable {
        var text: String
        var voiceID: String

        enum CodingKeys: String, CodingKey {
            case text
            case voiceID = "voice_id"
        }
    }

    /// `POST /v1/music`.
    struct MusicBody: Encodable {
        var prompt: String
        var musicLengthMS: Int64?
        var modelID: String
        var forceInstrumental: Bool?

        enum CodingKeys: String, CodingKey {
            case prompt
            case musicLengthMS = "music_length_ms"
            case modelID = "model_id"
            case forceInstrumental = "force_instrumental"
        }
    }

    /// The answer of `POST /v1/speech-to-text`: the text, and every word with its speaker.
    struct Transcript: Decodable {
        var text: String
        var words: [Word]?

        /// A word, a space or an audio event (`(laughter)`), with the speaker when diarized.
        struct Word: Decodable {
            var text: String
            var type: String?
            var speakerID: String?

            enum CodingKeys: String, CodingKey {
                case text, type
                case speakerID = "speaker_id"
            }
        }
    }

    /// The answer of `POST /v1/dubbing`.
    struct DubbingCreated: Decodable {
        var dubbingID: String
        var expectedDurationSec: Double?

        enum CodingKeys: String, CodingKey {
            case dubbingID = "dubbing_id"
            case expectedDurationSec = "expected_duration_sec"
        }
    }

    /// `GET /v1/dubbing/{id}`: `status` is `dubbing`, `dubbed` or `failed`.
    struct Dubbing: Decodable {
        var dubbingID: String?
        var status: String
        var targetLanguages: [String]?
        var mediaMetadata: MediaMetadata?

        enum CodingKeys: String, CodingKey {
            case status
            case dubbingID = "dubbing_id"
            case targetLanguages = "target_languages"
            case mediaMetadata = "media_metadata"
        }

        /// The source media: its type and length in seconds.
        struct MediaMetadata: Decodable {
            var contentType: String?
            var duration: Double?

            enum CodingKeys: String, CodingKey {
                case duration
                case contentType = "content_type"
            }
        }
    }

    /// An error answer: `{"detail": {"status", "message"}}`, FastAPI's `{"detail": [{loc, msg, type}]}`
    /// on validation errors, or `{"detail": "…"}`. Only the machine-readable `status` is kept.
    struct ErrorEnvelope: Decodable {
        var status: String?

        private enum CodingKeys: String, CodingKey {
            case detail
        }

        private struct Detail: Decodable {
            var status: String?
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = (try? container.decodeIfPresent(Detail.self, forKey: .detail))?.status
        }
    }

    /// Our audio `format` param as an ElevenLabs `output_format`, and the type of the bytes it returns.
    /// `ogg` is Opus, which ElevenLabs sends in an Ogg container.
    static func outputFormat(_ format: String?) -> (outputFormat: String, contentType: String) {
        switch format {
        case "wav": ("wav_44100", "audio/wav")
        case "ogg": ("opus_48000_128", "audio/ogg")
        default: ("mp3_44100_128", "audio/mpeg")
        }
    }

    /// An id safe as one path segment (everything but ASCII unreserved characters percent-encoded).
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
