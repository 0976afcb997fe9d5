import Foundation

/// What the simulated Replicate models make: the model a version runs, and the `output` a prediction
/// gets from its model name and input. Text for OCR models (any name containing `ocr`); a video for
/// video models; audio for music and speech models; images otherwise — as a URL string, or a list of
/// URLs for the Stable Diffusion family and when `num_outputs` asks for several.
enum ReplicateModels {
    /// Published versions of community models (run by version only), and the model each runs.
    static let versions: [String: String] = [
        "671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb": "meta/musicgen",
        "f121d640bd286e1fdc67f9799164c1d5be36ff74576ee11c803ae5b665dd46aa": "nightmareai/real-esrgan",
        "95fcc2a26d3899cd6c2691c900465aaeff466285a65c14638cc5f36f34befaf1": "lucataco/remove-bg",
        "278a81e7ebb22db98bcba54de985d22cc1abeead2754eb1f2af717247be69b34": "codeplugtech/face-swap",
        "f1023890703bc0a5a3a2c21b5e498833be5f6ef6e70e9daf6b9b3a4fd8309cf0": "fofr/style-transfer",
        "ca494ba129e44e45f661d6ece83c4c98a9a7c774309beca01429b58fce8aa695": "piddnad/ddcolor",
        "a524caeaa23495bc9edc805ab08ab5fe943afd3febed884a4f3747aa32e9cd61": "abiruyt/text-extract-ocr",
        "95b7223104132402a9ae91cc677285bc5eb997834bd2349fa486f53910fd68b3": "stability-ai/stable-diffusion-inpainting",
    ]

    /// Inputs a model's schema requires besides its prompt: Kling v2.1 only animates a start frame (its text-to-video
    /// sibling is kling-v2.1-master).
    static let required: [String: [String]] = ["kwaivgi/kling-v2.1": ["start_image"]]

    /// The model name and version id of a prediction created at a model route or by a version.
    static func identify(model: String?, version: String?) -> (model: String, version: String) {
        if let model {
            // Official models run their latest version: a stable id made from the name.
            var random = SeededRandom(seed: SeededRandom.seed(model))
            let hex = (0..<4).map { _ in String(format: "%016llx", random.next()) }.joined()
            return (model, hex)
        }
        let text = version ?? ""
        if let colon = text.lastIndex(of: ":") {
            return (String(text[..<colon]), String(text[text.index(after: colon)...]))
        }
        return (versions[text] ?? "unknown/community-model", text)
    }

    /// What a model makes.
    enum Kind {
        case image, video, audio, text
    }

    static func kind(_ model: String) -> Kind {
        let name = model.lowercased()
        if name.contains("ocr") { return .text }
        if ["video", "kling", "veo", "hailuo", "seedance", "wan-2", "ray"].contains(where: name.contains) {
            return .video
        }
        if ["musicgen", "music", "speech", "tts", "audio", "voice", "bark"].contains(where: name.contains) {
            return .audio
        }
        return .image
    }

    /// The output a prediction of `model` with `input` has once it succeeds.
    static func output(model: String, input: AnyJSON, stem: String, call: MediaCall) -> AnyJSON {
        let prompt = input["prompt"]?.stringValue ?? input["text"]?.stringValue ?? ""
        switch kind(model) {
        case .text:
            let seen = prompt.isEmpty ? "text found in the image" : prompt
            return .string(MediaAnswer.text(provider: "replicate", model: model, prompt: seen))
        case .video:
            let (width, height) = videoSize(model: model, input: input)
            let file = ResultFile(
                stem: stem, format: .mp4, width: width, height: height,
                seconds: videoSeconds(model: model, input: input))
            return .string(call.link(file))
        case .audio:
            if model.contains("musicgen") || model.contains("music") {
                let format: ResultFile.Format = input["output_format"]?.stringValue == "mp3" ? .mp3 : .wav
                let seconds = Double(input["duration"]?.intValue ?? 8)
                return .string(call.link(ResultFile(stem: stem, format: format, seconds: min(300, max(1, seconds)))))
            }
            let seconds = MediaOpenAI.readingSeconds(prompt)
            return .string(call.link(ResultFile(stem: stem, format: .mp3, seconds: seconds)))
        case .image:
            let format = imageFormat(model: model, input: input)
            let (width, height) = imageSize(input)
            let count = max(1, min(4, input["num_outputs"]?.intValue ?? 1))
            let links = (0..<count).map { index in
                AnyJSON.string(
                    call.link(ResultFile(stem: "\(stem)-\(index)", format: format, width: width, height: height)))
            }
            let listed = model.contains("stable-diffusion") || count > 1
            return listed ? .array(links) : links[0]
        }
    }

    /// `output_format` (`jpg`, `png`, `webp`); by default WebP for Flux and Recraft, PNG otherwise.
    static func imageFormat(model: String, input: AnyJSON) -> ResultFile.Format {
        switch input["output_format"]?.stringValue?.lowercased() {
        case "jpg", "jpeg": return .jpg
        case "png": return .png
        case "webp": return .webp
        default: return model.contains("flux") || model.contains("recraft") ? .webp : .png
        }
    }

    /// Width and height: `width`/`height`, a `size` of `WxH`, an `aspect_ratio` (about a megapixel,
    /// or the `resolution` 1K/2K/4K), an upscaler's `scale` × 1024; else 1024×1024.
    static func imageSize(_ input: AnyJSON) -> (Int, Int) {
        if let width = input["width"]?.intValue, let height = input["height"]?.intValue, width > 0, height > 0 {
            return (width, height)
        }
        if let size = input["size"]?.stringValue?.split(separator: "x").compactMap({ Int($0) }), size.count == 2 {
            return (size[0], size[1])
        }
        let side: Double =
            switch input["resolution"]?.stringValue?.uppercased() {
            case "2K": 2048
            case "4K": 4096
            default: 1024
            }
        if let ratio = aspectRatio(input["aspect_ratio"]?.stringValue) {
            let width = side * sqrt(ratio), height = side / sqrt(ratio)
            return (Int((width / 16).rounded()) * 16, Int((height / 16).rounded()) * 16)
        }
        let scale = input["scale"]?.intValue ?? 1
        return (1024 * min(4, max(1, scale)), 1024 * min(4, max(1, scale)))
    }

    /// Video length: `duration` (`5`, `"5"`, `"5s"`), else 6 s for MiniMax, 8 s for Veo, 5 s otherwise.
    static func videoSeconds(model: String, input: AnyJSON) -> Double {
        if let value = input["duration"]?.intValue
            ?? input["duration"]?.stringValue.flatMap({ Int($0.trimmingCharacters(in: .letters)) })
        {
            return Double(min(60, max(1, value)))
        }
        return model.contains("minimax") ? 6 : model.contains("veo") ? 8 : 5
    }

    /// Frame size: `resolution` (or Kling's `mode`: pro 1080p, else 720p) at the `aspect_ratio` (16:9 by default).
    static func videoSize(model: String, input: AnyJSON) -> (Int, Int) {
        let lines: Int =
            switch input["resolution"]?.stringValue
                ?? (input["mode"]?.stringValue == "pro" || model.hasSuffix("-master") ? "1080p" : "720p")
            {
            case "480p": 480
            case "540p": 540
            case "1080p": 1080
            default: 720
            }
        let ratio = aspectRatio(input["aspect_ratio"]?.stringValue) ?? 16.0 / 9.0
        return ratio >= 1
            ? (Int((Double(lines) * ratio / 2).rounded()) * 2, lines)
            : (lines, Int((Double(lines) / ratio / 2).rounded()) * 2)
    }

    /// `W:H` as a number.
    static func aspectRatio(_ text: String?) -> Double? {
        guard let parts = text?.split(separator: ":").compactMap({ Double($0) }), parts.count == 2, parts[0] > 0,
            parts[1] > 0
        else { return nil }
        return parts[0] / parts[1]
    }
}
