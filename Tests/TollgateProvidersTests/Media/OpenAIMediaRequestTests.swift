import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("OpenAI media requests")
struct OpenAIMediaRequestTests {
    typealias Make = CatalogMediaRequest

    private func json(_ request: UpstreamRequest) throws -> JSONValue { try request.json().mediaNormalized }

    @Test("DALL·E 3 with catalog defaults asks /v1/images/generations for one b64_json image")
    func dallE3Defaults() throws {
        let request = try OpenAIMediaMapping.submitRequest(Make.make("dall-e-3", prompt: "A cute baby sea otter"))
        #expect(request.method == "POST")
        #expect(request.path == "/v1/images/generations")
        #expect(request.header("Content-Type") == nil)  // the transport adds application/json
        let expected: JSONValue = [
            "model": "dall-e-3", "prompt": "A cute baby sea otter", "n": 1, "size": "1024x1024", "quality": "standard",
            "style": "vivid", "response_format": "b64_json",
        ]
        #expect(try json(request) == expected.mediaNormalized)
    }

    @Test("DALL·E 3 passes size, quality and style, and never GPT-image-only fields")
    func dallE3Options() throws {
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "dall-e-3", prompt: "A lighthouse",
                params: ["size": "1792x1024", "quality": "hd", "style": "natural", "format": "png"]))
        let body = try json(request)
        #expect(body["size"] == "1792x1024")
        #expect(body["quality"] == "hd")
        #expect(body["style"] == "natural")
        #expect(body["output_format"] == nil)
        #expect(body["background"] == nil)
    }

    @Test("GPT Image 1.5 sends quality, size, background and our format as output_format")
    func gptImage() throws {
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "gpt-image-1.5", prompt: "A poster that says TOLLGATE",
                params: ["quality": "high", "size": "1536x1024", "format": "png", "background": "transparent"]))
        #expect(request.path == "/v1/images/generations")
        let expected: JSONValue = [
            "model": "gpt-image-1.5", "prompt": "A poster that says TOLLGATE", "n": 1, "size": "1536x1024",
            "quality": "high", "output_format": "png", "background": "transparent",
        ]
        #expect(try json(request) == expected.mediaNormalized)
    }

    @Test("GPT Image 1.5 with defaults asks for medium webp at 1024x1024")
    func gptImageDefaults() throws {
        let body = try json(OpenAIMediaMapping.submitRequest(Make.make("gpt-image-1.5", prompt: "A fox")))
        #expect(body["quality"] == "medium")
        #expect(body["size"] == "1024x1024")
        #expect(body["output_format"] == "webp")
        #expect(body["response_format"] == nil)
        #expect(body["style"] == nil)
    }

    @Test("GPT Image 1.5 with an uploaded image edits it: multipart to /v1/images/edits")
    func gptImageEditUpload() throws {
        let image: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "gpt-image-1.5", prompt: "Add a party hat", params: ["image_url": "https://example.com/cat.png"],
                inputs: ["image_url": .data(bytes: image, contentType: "image/png", filename: "cat.png")]))
        #expect(request.path == "/v1/images/edits")
        let form = try MultipartReader(request)
        #expect(
            form.fields == [
                "model": "gpt-image-1.5", "prompt": "Add a party hat", "n": "1", "size": "1024x1024",
                "quality": "medium",
                "background": "auto", "output_format": "webp",
            ])
        #expect(
            form["image"]
                == MultipartReader.Part(name: "image", filename: "cat.png", contentType: "image/png", body: image))
    }

    @Test("GPT Image 1.5 with a public image URL edits it by reference: JSON images[].image_url")
    func gptImageEditURL() throws {
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "gpt-image-1.5", prompt: "Add a party hat", params: ["image_url": "https://example.com/cat.png"],
                inputs: ["image_url": .url("https://example.com/cat.png")]))
        #expect(request.path == "/v1/images/edits")
        let body = try json(request)
        #expect(body["images"] == [["image_url": "https://example.com/cat.png"]])
        #expect(body["prompt"] == "Add a party hat")
    }

    @Test("an image without a prompt is refused before any call", arguments: ["dall-e-3", "gpt-image-1.5", "sora-2"])
    func missingPrompt(slug: String) throws {
        let request = try Make.make(slug, prompt: nil)
        #expect(failure { try OpenAIMediaMapping.submitRequest(request) }?.kind == .rejected)
    }

    @Test("speech: text, voice, speed and format go to /v1/audio/speech for tts-1")
    func speech() throws {
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "openai-tts",
                params: ["text": "Hello from Tollgate.", "voice_id": "nova", "speed": 1.25, "format": "wav"]))
        #expect(request.path == "/v1/audio/speech")
        let expected: JSONValue = [
            "model": "tts-1", "input": "Hello from Tollgate.", "voice": "nova", "response_format": "wav", "speed": 1.25,
        ]
        #expect(try json(request) == expected.mediaNormalized)
    }

    @Test("speech HD with defaults: alloy, mp3, speed 1")
    func speechHDDefaults() throws {
        let request = try OpenAIMediaMapping.submitRequest(Make.make("openai-tts-hd", params: ["text": "Hi"]))
        let expected: JSONValue = [
            "model": "tts-1-hd", "input": "Hi", "voice": "alloy", "response_format": "mp3", "speed": 1.0,
        ]
        #expect(try json(request) == expected.mediaNormalized)
    }

    @Test("GPT-4o mini TTS sends instructions, the speed (1.0 by default), and ogg as opus")
    func miniTTS() throws {
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "gpt-4o-mini-tts",
                params: ["text": "Welcome!", "voice_id": "coral", "instructions": "Cheerful.", "format": "ogg"]))
        let expected: JSONValue = [
            "model": "gpt-4o-mini-tts", "input": "Welcome!", "voice": "coral", "response_format": "opus",
            "instructions": "Cheerful.", "speed": 1.0,
        ]
        #expect(try json(request) == expected.mediaNormalized)
    }

    @Test("speech falls back to the prompt when no text param is given")
    func speechPrompt() throws {
        var request = try Make.make("openai-tts", params: ["text": "x"])
        request.params["text"] = nil
        request.prompt = "Spoken prompt"
        #expect(try json(OpenAIMediaMapping.submitRequest(request))["input"] == "Spoken prompt")
        request.prompt = nil
        #expect(failure { try OpenAIMediaMapping.submitRequest(request) }?.kind == .rejected)
    }

    @Test("Whisper: multipart file, model, response_format=json and language")
    func whisper() throws {
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "whisper", params: ["language": "en"], inputs: ["audio": Make.audio()]))
        #expect(request.path == "/v1/audio/transcriptions")
        let form = try MultipartReader(request)
        #expect(form.fields == ["model": "whisper-1", "response_format": "json", "language": "en"])
        #expect(
            form["file"]
                == MultipartReader.Part(
                    name: "file", filename: "meeting.mp3", contentType: "audio/mpeg", body: Make.mp3))
    }

    @Test("GPT-4o Transcribe without a language sends none; a fetched audio_url input is accepted")
    func gpt4oTranscribe() throws {
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "gpt-4o-transcribe", inputs: ["audio_url": Make.audio(filename: "call.mp3")]))
        let form = try MultipartReader(request)
        #expect(form.fields == ["model": "gpt-4o-transcribe", "response_format": "json"])
        #expect(form["file"]?.filename == "call.mp3")
    }

    @Test("transcription needs bytes: no input, or a bare URL, is refused")
    func transcriptionNeedsBytes() throws {
        #expect(failure { try OpenAIMediaMapping.submitRequest(Make.make("whisper")) }?.kind == .rejected)
        let url = try Make.make("whisper", inputs: ["audio": .url("https://example.com/a.mp3")])
        #expect(failure { try OpenAIMediaMapping.submitRequest(url) }?.kind == .rejected)
    }

    @Test("Sora 2: JSON with seconds as a string and the size from the aspect ratio")
    func sora() throws {
        let request = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "sora-2", prompt: "A paper boat on a river", params: ["duration": 8, "aspect_ratio": "9:16"]))
        #expect(request.path == "/v1/videos")
        let expected: JSONValue = [
            "model": "sora-2", "prompt": "A paper boat on a river", "seconds": "8", "size": "720x1280",
        ]
        #expect(try json(request) == expected.mediaNormalized)
        let defaults = try json(OpenAIMediaMapping.submitRequest(Make.make("sora-2", prompt: "Waves")))
        #expect(defaults["seconds"] == "4")
        #expect(defaults["size"] == "1280x720")
    }

    @Test("Sora 2 with a start frame: input_reference by URL, or as a multipart file")
    func soraReference() throws {
        let byURL = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "sora-2", prompt: "Bring it to life", params: ["image_url": "https://example.com/frame.jpg"],
                inputs: ["image_url": .url("https://example.com/frame.jpg")]))
        #expect(try json(byURL)["input_reference"] == ["image_url": "https://example.com/frame.jpg"])

        let frame: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        let upload = try OpenAIMediaMapping.submitRequest(
            Make.make(
                "sora-2", prompt: "Bring it to life",
                params: ["image_url": "https://example.com/frame.jpg", "duration": 12],
                inputs: ["image_url": .data(bytes: frame, contentType: "image/jpeg", filename: "frame.jpg")]))
        #expect(upload.path == "/v1/videos")
        let form = try MultipartReader(upload)
        #expect(form.fields == ["model": "sora-2", "prompt": "Bring it to life", "seconds": "12", "size": "1280x720"])
        #expect(
            form["input_reference"]
                == MultipartReader.Part(
                    name: "input_reference", filename: "frame.jpg", contentType: "image/jpeg", body: frame))
    }

    @Test("a Sora job is polled with GET /v1/videos/{id}; other models have no jobs")
    func pollRequest() throws {
        let request = try OpenAIMediaMapping.pollRequest(
            upstreamID: "video_123", request: Make.make("sora-2", prompt: "x"))
        #expect(request == UpstreamRequest(method: "GET", path: "/v1/videos/video_123"))
        let odd = try OpenAIMediaMapping.pollRequest(upstreamID: "a/b?c", request: Make.make("sora-2", prompt: "x"))
        #expect(odd.path == "/v1/videos/a%2Fb%3Fc")
        let tts = try Make.make("openai-tts", params: ["text": "x"])
        #expect(failure { try OpenAIMediaMapping.pollRequest(upstreamID: "x", request: tts) }?.kind == .unsupported)
    }

    @Test("a slug the mapping does not serve is unsupported")
    func unknownSlug() {
        let request = MediaRequest(slug: "flux-1.1-pro", model: "x", category: "image", prompt: "p", params: [:])
        #expect(failure { try OpenAIMediaMapping.submitRequest(request) }?.kind == .unsupported)
    }

    @Test("the mapping serves exactly the catalog's OpenAI media models, and is registered")
    func catalogCoverage() {
        let catalogSlugs = Set(
            CatalogMediaRequest.catalog.models(provider: "openai").filter { $0.category != .text }.map(\.slug))
        #expect(OpenAIMediaMapping.slugs == catalogSlugs)
        #expect(
            ProviderRegistry.mediaMappings.contains {
                ObjectIdentifier($0) == ObjectIdentifier(OpenAIMediaMapping.self)
            })
    }
}
