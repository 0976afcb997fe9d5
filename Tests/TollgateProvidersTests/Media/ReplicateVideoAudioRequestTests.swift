import Testing
import TollgateCore

@testable import TollgateProviders

/// Submission requests for Replicate's video, music and speech models.
@Suite("Replicate video and audio submissions")
struct ReplicateVideoAudioRequestTests {
    static let frame = "https://example.com/in/frame.png"

    @Test("kling-v2.1: start_image, duration, mode, negative prompt")
    func kling() throws {
        let request = try CatalogMediaRequest.make(
            "kling-v2.1", prompt: "she turns and smiles",
            params: ["mode": "pro", "duration": 10, "negative_prompt": "blur", "image_url": .string(Self.frame)],
            inputs: ["image_url": .url(Self.frame)])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/kwaivgi/kling-v2.1/predictions")
        #expect(
            try upstream.json() == [
                "input": [
                    "prompt": "she turns and smiles", "start_image": .string(Self.frame), "duration": 10, "mode": "pro",
                    "negative_prompt": "blur",
                ]
            ])
    }

    @Test("kling-v2.1 from text alone runs Kling v2.1 Master: its aspect ratio, no mode")
    func klingFromText() throws {
        let request = try CatalogMediaRequest.make(
            "kling-v2.1", prompt: "a fox in the snow",
            params: ["mode": "pro", "duration": 10, "aspect_ratio": "9:16", "negative_prompt": "blur"])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/kwaivgi/kling-v2.1-master/predictions")
        #expect(
            try upstream.json() == [
                "input": [
                    "prompt": "a fox in the snow", "duration": 10, "aspect_ratio": "9:16", "negative_prompt": "blur",
                ]
            ])
    }

    @Test("minimax-video: prompt, prompt_optimizer, first_frame_image")
    func minimaxVideo() throws {
        let request = try CatalogMediaRequest.make(
            "minimax-video", prompt: "a man picks up a book", params: ["image_url": .string(Self.frame)],
            inputs: ["image_url": .url(Self.frame)])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/minimax/video-01/predictions")
        #expect(
            try upstream.json() == [
                "input": [
                    "prompt": "a man picks up a book", "prompt_optimizer": true,
                    "first_frame_image": .string(Self.frame),
                ]
            ])
    }

    @Test("veo-3.1: duration, audio, aspect ratio, resolution, start image, seed")
    func veo() throws {
        let request = try CatalogMediaRequest.make(
            "veo-3.1", prompt: "waves on a black sand beach",
            params: [
                "duration": 4, "generate_audio": true, "aspect_ratio": "9:16", "resolution": "1080p", "seed": 9,
                "image_url": .string(Self.frame),
            ],
            inputs: ["image_url": .url(Self.frame)])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/google/veo-3.1/predictions")
        #expect(
            try upstream.json() == [
                "input": [
                    "prompt": "waves on a black sand beach", "duration": 4, "generate_audio": true,
                    "aspect_ratio": "9:16",
                    "resolution": "1080p", "image": .string(Self.frame), "seed": 9,
                ]
            ])
    }

    @Test("musicgen: a community model, so the pinned version on /v1/predictions")
    func musicgen() throws {
        let request = try CatalogMediaRequest.make(
            "musicgen", prompt: "lo-fi hip hop with warm piano", params: ["duration": 45, "format": "wav"])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/predictions")
        #expect(
            try upstream.json() == [
                "version": "671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb",
                "input": [
                    "prompt": "lo-fi hip hop with warm piano", "duration": 45, "model_version": "stereo-large",
                    "output_format": "wav",
                ],
            ])
    }

    @Test("minimax-tts: text, voice_id and speed; the prompt stands in for absent text")
    func minimaxSpeech() throws {
        let request = try CatalogMediaRequest.make(
            "minimax-tts", params: ["text": "你好，欢迎使用。", "voice_id": "female-shaonv", "speed": 1.25])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/minimax/speech-02-turbo/predictions")
        #expect(
            try upstream.json() == [
                "input": ["text": "你好，欢迎使用。", "voice_id": "female-shaonv", "speed": 1.25]
            ])

        var fromPrompt = request
        fromPrompt.params["text"] = nil
        fromPrompt.prompt = "Hello there."
        let input = try #require(try ReplicateMediaMapping.submitRequest(fromPrompt).json()["input"])
        #expect(input["text"] == "Hello there.")
    }

    @Test("an upstream model written owner/name:version runs that version")
    func explicitVersion() throws {
        var request = try CatalogMediaRequest.make("veo-3.1", prompt: "rain")
        request.model = "google/veo-3.1:9c6ca0c25d89ac6102278405a0673fd929b7793856870d2718e3a84a5aa4ad4d"
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/predictions")
        #expect(try upstream.json()["version"] == "9c6ca0c25d89ac6102278405a0673fd929b7793856870d2718e3a84a5aa4ad4d")
    }

    @Test(
        "an upstream model that is not owner/name never reaches a path",
        arguments: ["veo", "a/b/c", "../x", "google/veo 3"])
    func badUpstreamModel(_ model: String) throws {
        var request = try CatalogMediaRequest.make("veo-3.1", prompt: "rain")
        request.model = model
        #expect(failure { try ReplicateMediaMapping.submitRequest(request) }?.kind == .unsupported)
    }
}
