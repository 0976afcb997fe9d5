import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateProviders
import TollgateServices

/// OpenAI-compatible media endpoints [ext]: `POST /v1/images/generations`, `/v1/audio/speech` and
/// `/v1/audio/transcriptions`, billed like the native API. Models are Tollgate slugs; OpenAI's own
/// names (`tts-1`, `whisper-1`, …) are accepted as aliases.
struct OpenAIMediaCompatController {
    let generations: GenerationService
    let catalog: Catalog
    let files: FileService
    let baseURL: PublicBaseURL

    static let aliases = [
        "tts-1": "openai-tts", "tts-1-hd": "openai-tts-hd", "whisper-1": "whisper", "gpt-image-1": "gpt-image-1.5",
    ]

    func model(_ name: JSONValue?, category: ModelCategory) throws -> ModelEntry {
        guard let name = name?.stringValue else { throw APIError.badRequest("Missing required field 'model'.") }
        guard let model = catalog.model(Self.aliases[name] ?? name) else {
            throw APIError.notFound("No model '\(name)'.")
        }
        guard model.category == category else {
            throw APIError.validation(["model": "\(model.slug) is not a \(category.rawValue) model"])
        }
        return model
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("images/generations") { request, context in try await images(request, context) }
        group.post("audio/speech") { request, context in try await speech(request, context) }
        group.post("audio/transcriptions") { request, context in try await transcriptions(request, context) }
    }

    /// Runs a media generation to its end in this request (an asynchronous model too: these SDK calls
    /// answer with the result).
    func run(
        _ context: AppRequestContext, _ input: GenerationInput, uploads: [String: MediaInput] = [:]
    ) async throws -> GenerationResult {
        let call = GenerationCall(
            principal: try context.requirePrincipal(), input: input, uploads: uploads, waitsForResult: true,
            logger: context.logger)
        return try await generations.generate(call).succeeded().0
    }

    /// The stored result file's bytes.
    func resultBytes(_ settled: GenerationResult) async throws -> (bytes: [UInt8], contentType: String) {
        guard let path = settled.generation.resultURL, let name = path.split(separator: "/").last else {
            throw APIError.internal()
        }
        return try await files.serve(name: String(name))
    }

    func images(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard case .object(let body) = try await JSONBody.decode(JSONValue.self, from: request, context: context) else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        let model = try model(body["model"] ?? "dall-e-3", category: .image)
        if let n = body["n"]?.intValue, n != 1 { throw APIError.validation(["n": "only 1 is supported"]) }
        var params: [String: JSONValue] = [:]
        for key in ["size", "quality", "style", "seed", "negative_prompt", "aspect_ratio"] where model.param(key) != nil
        {
            params[key] = body[key]
        }
        if let format = body["output_format"], model.param("format") != nil { params["format"] = format }
        if let name = body["model"]?.stringValue { try catalog.alias(name)?.apply(to: &params) }
        let input = GenerationInput(
            model: model, params: try model.resolveParams(params.filter { !$0.value.isNull }), messages: [],
            prompt: body["prompt"]?.stringValue, stream: false, callbackURL: nil)
        guard input.prompt?.isEmpty == false else { throw APIError.badRequest("Missing required field 'prompt'.") }
        let settled = try await run(context, input)
        var item: [String: JSONValue] = [:]
        if body["response_format"]?.stringValue == "b64_json" {
            item["b64_json"] = .string(Data(try await resultBytes(settled).bytes).base64EncodedString())
        } else {
            item["url"] = .string(baseURL.resolve(request) + (settled.generation.resultURL ?? ""))
        }
        return JSONBody.response(
            JSONValue.object(["created": .int(settled.generation.createdAt / 1000), "data": [.object(item)]]))
    }

    func speech(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard case .object(let body) = try await JSONBody.decode(JSONValue.self, from: request, context: context) else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        let model = try model(body["model"] ?? "openai-tts", category: .tts)
        guard let text = body["input"]?.stringValue, !text.isEmpty else {
            throw APIError.badRequest("Missing required field 'input'.")
        }
        var params: [String: JSONValue] = ["text": .string(text)]
        if let voice = body["voice"] { params["voice_id"] = voice }
        if let format = body["response_format"] { params["format"] = format }
        if let speed = body["speed"], model.param("speed") != nil { params["speed"] = speed }
        if let instructions = body["instructions"], model.param("instructions") != nil {
            params["instructions"] = instructions
        }
        let input = GenerationInput(
            model: model, params: try model.resolveParams(params), messages: [], prompt: text, stream: false,
            callbackURL: nil)
        let (bytes, contentType) = try await resultBytes(try await run(context, input))
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func transcriptions(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let buffer = try await SpeechToTextController.collectUpload(request)
        let form = try MultipartForm.parse(buffer, contentType: request.headers[.contentType])
        guard let file = form.part("file"), !file.body.isEmpty else {
            throw APIError.badRequest("Missing required field 'file'.")
        }
        guard file.body.count <= SpeechToTextController.maxAudioBytes else {
            throw APIError.payloadTooLarge(limit: SpeechToTextController.maxAudioBytes)
        }
        let model = try model(form.field("model").map(JSONValue.string) ?? "whisper", category: .stt)
        var params: [String: JSONValue] = [:]
        if let language = form.field("language"), !language.isEmpty { params["language"] = .string(language) }
        let input = GenerationInput(
            model: model, params: try model.resolveParams(params), messages: [], prompt: nil, stream: false,
            callbackURL: nil)
        let audio = MediaInput.data(
            bytes: file.body, contentType: file.contentType ?? "application/octet-stream",
            filename: file.filename ?? "audio")
        let settled = try await run(context, input, uploads: ["audio": audio])
        let text = settled.generation.resultText ?? ""
        if form.field("response_format") == "text" {
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return JSONBody.response(JSONValue.object(["text": .string(text)]))
    }
}
