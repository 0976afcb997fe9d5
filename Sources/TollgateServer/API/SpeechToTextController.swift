import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateProviders
import TollgateServices

/// `POST /api/v2/stt` (SPEC §5): a multipart upload of `audio` (25 MB at most), `model` (default
/// `whisper`), `language`, and `diarize` (elevenlabs-scribe only). Billed like any generation.
struct SpeechToTextController {
    let generations: GenerationService
    let catalog: Catalog
    let baseURL: PublicBaseURL

    static let maxAudioBytes = 25 << 20
    static let formats = ["mp3", "mp4", "mpeg", "mpga", "wav", "m4a", "ogg", "oga", "flac", "webm"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("stt") { request, context in
            let principal = try context.requirePrincipal()
            let (input, audio) = try await Self.input(request, catalog: catalog)
            let call = GenerationCall(
                principal: principal, input: input, uploads: ["audio": audio], waitsForResult: true,
                logger: context.logger)
            let (result, _) = try await generations.generate(call).succeeded()
            return JSONBody.response(
                GenerationView.json(result.generation, balance: result.balance, baseURL: baseURL.resolve(request)))
        }
    }

    /// The raw upload, refused with 413 as soon as it is known to exceed the limit (plus room for the
    /// form's own fields).
    static func collectUpload(_ request: Request) async throws -> ByteBuffer {
        let limit = maxAudioBytes + (64 << 10)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.payloadTooLarge(limit: maxAudioBytes)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            throw APIError.payloadTooLarge(limit: maxAudioBytes)
        }
    }

    /// Reads the form: the audio file and the model's params (422 naming a bad field, 413 past 25 MB).
    static func input(_ request: Request, catalog: Catalog) async throws -> (GenerationInput, MediaInput) {
        let buffer = try await collectUpload(request)
        let form = try MultipartForm.parse(buffer, contentType: request.headers[.contentType])
        guard let audio = form.part("audio") ?? form.part("file"), !audio.body.isEmpty else {
            throw APIError.badRequest("Missing required field 'audio'.")
        }
        guard audio.body.count <= maxAudioBytes else { throw APIError.payloadTooLarge(limit: maxAudioBytes) }
        let filename = audio.filename ?? "audio"
        let ext = (filename as NSString).pathExtension.lowercased()
        guard
            formats.contains(ext)
                || (audio.contentType.map { $0.hasPrefix("audio/") || $0.hasPrefix("video/") } ?? false)
        else {
            throw APIError.validation(["audio": "must be mp3, mp4, wav, m4a, ogg, flac or webm"])
        }
        let slug = form.field("model") ?? "whisper"
        guard let model = catalog.model(slug) else { throw APIError.notFound("No model with slug '\(slug)'.") }
        guard model.category == .stt else {
            throw APIError.validation(["model": "\(slug) is not a speech-to-text model"])
        }
        var params: [String: JSONValue] = [:]
        if let language = form.field("language"), !language.isEmpty { params["language"] = .string(language) }
        if let diarize = form.field("diarize") {
            guard let flag = ["true": true, "1": true, "false": false, "0": false][diarize.lowercased()] else {
                throw APIError.validation(["diarize": "must be true or false"])
            }
            if flag || model.param("diarize") != nil { params["diarize"] = .bool(flag) }
        }
        let resolved = try model.resolveParams(params)
        let input = GenerationInput(
            model: model, params: resolved, messages: [], prompt: nil, stream: false, callbackURL: nil)
        return (
            input,
            .data(bytes: audio.body, contentType: audio.contentType ?? "application/octet-stream", filename: filename)
        )
    }
}
