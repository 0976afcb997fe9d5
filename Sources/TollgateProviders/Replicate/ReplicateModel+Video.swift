import TollgateCore

extension ReplicateModel {
    /// Video models (all official: no version pin).
    static let videos: [ReplicateModel] = [
        // kwaivgi/kling-v2.1 animates a start frame (`start_image` is required there): `duration` 5/10, `mode`
        // standard (720p) / pro (1080p), `negative_prompt`; the frame size follows the image. A request without
        // one runs kwaivgi/kling-v2.1-master, the family's text-to-video model: the same `duration` and
        // `negative_prompt`, `aspect_ratio` 16:9/9:16/1:1, always 1080p, no `mode` (which then only prices).
        ReplicateModel(
            slug: "kling-v2.1",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                try input.file("image_url", as: "start_image")
                input.copy("duration")
                if fromText(input.request) { input.copy("aspect_ratio") } else { input.copy("mode") }
                input.copy("negative_prompt")
            },
            shape: { input in
                let frame = fromText(input.request) ? klingMasterFrames[input.string("aspect_ratio") ?? "16:9"] : nil
                return Shape(
                    width: frame?.width, height: frame?.height,
                    durationSeconds: input.integer("duration").map(Double.init))
            },
            variant: { request in fromText(request) ? "kwaivgi/kling-v2.1-master" : nil }),
        // minimax/video-01: `prompt`, `prompt_optimizer`, `first_frame_image`; always 6 seconds, 1280x720 from
        // text (the catalog's `aspect_ratio` and `duration` name these only), an image's frame from an image.
        ReplicateModel(
            slug: "minimax-video",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                input.copy("prompt_optimizer")
                try input.file("image_url", as: "first_frame_image")
            },
            shape: { input in
                fromText(input.request)
                    ? Shape(width: 1280, height: 720, durationSeconds: 6) : Shape(durationSeconds: 6)
            }),
        // google/veo-3.1: `duration` 4/6/8, `generate_audio`, `aspect_ratio` 16:9/9:16, `resolution`
        // 720p/1080p, `negative_prompt`, `image` (start frame), `seed`.
        ReplicateModel(
            slug: "veo-3.1",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                input.copy("duration")
                input.copy("generate_audio")
                input.copy("aspect_ratio")
                input.copy("resolution")
                input.copy("negative_prompt")
                try input.file("image_url", as: "image")
                input.copy("seed")
            },
            shape: { input in
                let frame = veoFrame(resolution: input.string("resolution"), aspectRatio: input.string("aspect_ratio"))
                return Shape(
                    width: frame?.width, height: frame?.height,
                    durationSeconds: input.integer("duration").map(Double.init))
            }),
    ]

    /// Whether a video request has no start frame: made from its text alone.
    static func fromText(_ request: MediaRequest) -> Bool { request.inputs["image_url"] == nil }

    /// Kling v2.1 Master's 1080p frame from text, by aspect ratio.
    static let klingMasterFrames: [String: (width: Int, height: Int)] = [
        "16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080),
    ]

    /// Veo's frame: 720p or 1080p, landscape (16:9) or portrait (9:16).
    static func veoFrame(resolution: String?, aspectRatio: String?) -> (width: Int, height: Int)? {
        let long: Int, short: Int
        switch resolution {
        case "720p": (long, short) = (1280, 720)
        case "1080p": (long, short) = (1920, 1080)
        default: return nil
        }
        switch aspectRatio {
        case "16:9": return (long, short)
        case "9:16": return (short, long)
        default: return nil
        }
    }
}
