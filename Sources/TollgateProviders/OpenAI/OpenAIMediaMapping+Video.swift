import TollgateCore

extension OpenAIMediaMapping {
    /// Our `aspect_ratio` as a Sora `size` (sora-2 makes 1280x720 and 720x1280 only).
    static func videoSize(_ aspectRatio: String?) -> String {
        aspectRatio == "9:16" ? "720x1280" : "1280x720"
    }

    /// `POST /v1/videos`: JSON `{model, prompt, seconds, size}`, the start frame as
    /// `input_reference: {image_url}` when it is a public URL; multipart with an `input_reference` file
    /// part when it is bytes the gateway holds (the frame should match the size).
    static func videoRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let seconds = request.params["duration"]?.intValue ?? 4
        var body = OpenAIMediaWire.VideoBody(
            model: request.model, prompt: try prompt(request), seconds: String(seconds),
            size: videoSize(string(request, "aspect_ratio")))
        switch request.inputs["image_url"] {
        case nil:
            return UpstreamRequest(path: "/v1/videos", body: try WireJSON.encode(body))
        case .url(let url)?:
            body.inputReference = OpenAIMediaWire.ImageURL(imageURL: url)
            return UpstreamRequest(path: "/v1/videos", body: try WireJSON.encode(body))
        case .data(let bytes, let contentType, let filename)?:
            var form = MultipartForm()
            form.add("model", body.model)
            form.add("prompt", body.prompt)
            form.add("seconds", body.seconds)
            form.add("size", body.size)
            form.addFile("input_reference", bytes: bytes, contentType: contentType, filename: filename)
            return form.request(path: "/v1/videos")
        }
    }

    /// The created job: poll it by its id, after the delay OpenAI suggests (`openai-poll-after-ms`).
    static func videoSubmission(_ response: UpstreamResponse) throws(ProviderFailure) -> MediaSubmission {
        let video = try WireJSON.decode(OpenAIMediaWire.Video.self, from: response.body)
        guard !video.id.isEmpty else { throw ProviderFailure(.malformed, "The provider's answer had no job id.") }
        if video.status == "failed" { throw videoFailure(video) }
        return .submitted(upstreamID: video.id, pollAfterSeconds: pollAfter(response))
    }

    /// A job's state: `queued`/`in_progress` run (progress as a fraction), `completed` links the
    /// content and its thumbnail by relative URL, `failed` says why without OpenAI's words.
    static func videoPoll(_ response: UpstreamResponse) throws(ProviderFailure) -> MediaPoll {
        let video = try WireJSON.decode(OpenAIMediaWire.Video.self, from: response.body)
        switch video.status {
        case "completed":
            let content = "/v1/videos/" + OpenAIMediaWire.pathSegment(video.id) + "/content"
            let size = OpenAIMediaWire.dimensions(video.size)
            return .completed(
                MediaResult(
                    file: .url(content, contentType: "video/mp4"),
                    thumbnail: .url(content + "?variant=thumbnail", contentType: "image/webp"),
                    width: size?.width, height: size?.height, durationSeconds: video.seconds.flatMap(Double.init)))
        case "failed":
            return .failed(videoFailure(video))
        case "queued", "in_progress":
            let progress = video.progress.map { min(max($0 / 100, 0), 1) }
            return .running(progress: progress, pollAfterSeconds: pollAfter(response))
        default:
            throw ProviderFailure(.malformed, "The provider reported an unknown job status.")
        }
    }

    /// Why a job failed: a moderation refusal, or the provider's own failure.
    static func videoFailure(_ video: OpenAIMediaWire.Video) -> ProviderFailure {
        contentRefusal(video.error, status: nil)
            ?? ProviderFailure(.upstreamError, "The provider failed to make the video.")
    }

    /// `openai-poll-after-ms` in seconds, if OpenAI sent it.
    static func pollAfter(_ response: UpstreamResponse) -> Double? {
        response.header("openai-poll-after-ms").flatMap(Double.init).map { $0 / 1000 }
    }
}
