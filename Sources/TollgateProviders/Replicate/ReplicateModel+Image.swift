import TollgateCore

extension ReplicateModel {
    /// Text-to-image models (all official: no version pin).
    static let images: [ReplicateModel] = [
        // black-forest-labs/flux-1.1-pro: `aspect_ratio` (or `custom` with `width`/`height`, each at most
        // 1440), `image_prompt`, `seed`, `safety_tolerance`, `prompt_upsampling`, `output_format`. It takes
        // no negative prompt, so `negative_prompt` is not sent.
        ReplicateModel(
            slug: "flux-1.1-pro",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                switch fluxGeometry(input.size) {
                case .ratio(let ratio): input.set("aspect_ratio", .string(ratio))
                case .custom(let width, let height):
                    input.set("aspect_ratio", "custom")
                    input.set("width", .int(Int64(width)))
                    input.set("height", .int(Int64(height)))
                case nil: break
                }
                try input.file("image_url", as: "image_prompt")
                input.copy("seed")
                input.copy("safety_tolerance")
                input.copy("prompt_upsampling")
                input.outputFormat()
            },
            shape: { input in
                // Only exact sizes are known: a ratio other than 1:1 renders near one megapixel.
                switch fluxGeometry(input.size) {
                case .custom(let width, let height): Shape(width: width, height: height)
                case .ratio("1:1"): Shape(width: 1024, height: 1024)
                default: Shape()
                }
            }),
        // black-forest-labs/flux-kontext-pro: `input_image`, `aspect_ratio`, `seed`, `prompt_upsampling`,
        // `output_format` (jpg or png only). No negative prompt.
        ReplicateModel(
            slug: "flux-kontext-pro",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                try input.file("image_url", as: "input_image")
                input.copy("aspect_ratio")
                input.copy("seed")
                input.copy("prompt_upsampling")
                input.outputFormat(webp: false)
            }),
        // stability-ai/stable-diffusion-3.5-large: `aspect_ratio` (our three sizes are exactly its 1:1,
        // 9:16 and 16:9), `negative_prompt`, `cfg`, `steps`, `seed`, `image` + `prompt_strength`, `output_format`.
        ReplicateModel(
            slug: "sd-3.5-large",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                if let size = input.size { input.set("aspect_ratio", .string(sdAspectRatio(size))) }
                input.copy("negative_prompt")
                input.copy("cfg")
                input.copy("steps")
                input.copy("seed")
                try input.file("image_url", as: "image")
                // prompt_strength only means something with a source image.
                if input.fields["image"] != nil { input.copy("prompt_strength") }
                input.outputFormat()
            },
            shape: { input in Shape(width: input.size?.width, height: input.size?.height) }),
        // recraft-ai/recraft-v3: `size` (the same `WxH` spelling) and `style`; it has no output format.
        ReplicateModel(
            slug: "recraft-v3",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                input.copy("size")
                input.copy("style")
            },
            shape: { input in Shape(width: input.size?.width, height: input.size?.height) }),
        // google/nano-banana-pro: `resolution` (1K/2K/4K), `aspect_ratio`, `image_input` (a list),
        // `output_format` (jpg or png only).
        ReplicateModel(
            slug: "nano-banana-pro",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                input.copy("resolution")
                input.copy("aspect_ratio")
                input.files("image_url", as: "image_input")
                input.outputFormat(webp: false)
            }),
    ]

    /// How Flux 1.1 Pro is told a size: its own ratio when the size is one, else `custom`, which
    /// allows at most 1440 on a side.
    enum FluxGeometry: Equatable {
        case ratio(String)
        case custom(width: Int, height: Int)
    }

    static func fluxGeometry(_ size: (width: Int, height: Int)?) -> FluxGeometry? {
        guard let size else { return nil }
        switch (size.width, size.height) {
        case (1024, 1024): return .ratio("1:1")
        case let (width, height) where width <= 1440 && height <= 1440: return .custom(width: width, height: height)
        case let (width, height) where width * 2 == height * 3: return .ratio("3:2")
        case let (width, height) where width * 3 == height * 2: return .ratio("2:3")
        default: return nil
        }
    }

    /// SD 3.5's aspect ratio for one of our sizes: 1:1, portrait 9:16 or landscape 16:9.
    static func sdAspectRatio(_ size: (width: Int, height: Int)) -> String {
        size.width == size.height ? "1:1" : size.width < size.height ? "9:16" : "16:9"
    }
}
