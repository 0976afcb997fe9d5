import Foundation

/// OpenAI's media wire types: Images (`/v1/images/*`), Audio (`/v1/audio/*`) and Videos
/// (`/v1/videos`). `nil` fields are left out of request bodies. Errors use `OpenAIWire.ErrorEnvelope`.
enum OpenAIMediaWire {
    /// `POST /v1/images/generations` (and the JSON form of `/v1/images/edits`).
    struct ImageBody: Encodable {
        var model: String
        var prompt: String
        var n: Int = 1
        var size: String?
        var quality: String?
        /// DALL·E 3 only: `vivid` or `natural`.
        var style: String?
        /// DALL·E only: `url` or `b64_json` (GPT image models always answer `b64_json`).
        var responseFormat: String?
        /// GPT image models only: `png`, `jpeg` or `webp`.
        var outputFormat: String?
        /// GPT image models only: `auto`, `transparent` or `opaque`.
        var background: String?
        /// Edits by reference: `[{"image_url": …}]`.
        var images: [ImageURL]?

        enum CodingKeys: String, CodingKey {
            case model, prompt, n, size, quality, style, background, images
            case responseFormat = "response_format"
            case outputFormat = "output_format"
        }
    }

    /// An image referenced by URL (or data URL) in an edit.
    struct ImageURL: Encodable {
        var imageURL: String

        enum CodingKeys: String, CodingKey {
            case imageURL = "image_url"
        }
    }

    /// The Images answer: `{"created", "data": [{"b64_json" | "url", "revised_prompt"}], "size", …}`.
    struct ImagesResponse: Decodable {
        var data: [Image]
        /// GPT image models echo the size they made.
        var size: String?
        var outputFormat: String?

        enum CodingKeys: String, CodingKey {
            case data, size
            case outputFormat = "output_format"
        }

        /// One generated image.
        struct Image: Decodable {
            var b64JSON: String?
            var url: String?
            var revisedPrompt: String?

            enum CodingKeys: String, CodingKey {
                case url
                case b64JSON = "b64_json"
                case revisedPrompt = "revised_prompt"
            }
        }
    }

    /// `POST /v1/audio/speech`.
    struct SpeechBody: Encodable {
        var model: String
        var input: String
        var voice: String
        var responseFormat: String
        var speed: Double?
        /// GPT-4o mini TTS only.
        var instructions: String?

        enum CodingKeys: String, CodingKey {
            case model, input, voice, speed, instructions
            case responseFormat = "response_format"
        }
    }

    /// The `json` answer of `POST /v1/audio/transcriptions`.
    struct Transcription: Decodable {
        var text: String
        var usage: Usage?

        /// Whisper bills by `{"type": "duration", "seconds"}`; the GPT-4o models by tokens.
        struct Usage: Decodable {
            var type: String?
            var seconds: Double?
        }
    }

    /// `POST /v1/videos` as JSON.
    struct VideoBody: Encodable {
        var model: String
        var prompt: String
        var seconds: String
        var size: String
        var inputReference: ImageURL?

        enum CodingKeys: String, CodingKey {
            case model, prompt, seconds, size
            case inputReference = "input_reference"
        }
    }

    /// A video job: `{"id", "object": "video", "status", "progress", "seconds", "size", "error"}`.
    struct Video: Decodable {
        var id: String
        var status: String
        var progress: Double?
        var seconds: String?
        var size: String?
        var error: OpenAIWire.ErrorBody?
    }

    /// Our audio `format` param as OpenAI's `response_format`, and the type of the bytes it returns.
    /// `ogg` is OpenAI's `opus`, which comes in an Ogg container.
    static func speechFormat(_ format: String?) -> (responseFormat: String, contentType: String) {
        switch format {
        case "wav": ("wav", "audio/wav")
        case "ogg": ("opus", "audio/ogg")
        default: ("mp3", "audio/mpeg")
        }
    }

    /// `WIDTHxHEIGHT` read as numbers.
    static func dimensions(_ size: String?) -> (width: Int, height: Int)? {
        guard let parts = size?.split(separator: "x"), parts.count == 2,
            let width = Int(parts[0]), let height = Int(parts[1])
        else { return nil }
        return (width, height)
    }

    /// An id safe as one path segment (everything but ASCII unreserved characters percent-encoded).
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
