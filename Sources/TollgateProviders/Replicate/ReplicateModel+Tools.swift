import TollgateCore

extension ReplicateModel {
    /// Image tools: community models, each pinned to a published version.
    static let tools: [ReplicateModel] = [
        // nightmareai/real-esrgan: `image`, `scale`, `face_enhance`.
        ReplicateModel(
            slug: "upscale", version: "f121d640bd286e1fdc67f9799164c1d5be36ff74576ee11c803ae5b665dd46aa",
            input: { input throws(ProviderFailure) in
                try input.file("image_url", as: "image", required: true)
                input.copy("scale")
                input.copy("face_enhance")
            }),
        // lucataco/remove-bg: `image` only; it always answers a transparent PNG.
        ReplicateModel(
            slug: "remove-bg", version: "95fcc2a26d3899cd6c2691c900465aaeff466285a65c14638cc5f36f34befaf1",
            input: { input throws(ProviderFailure) in
                try input.file("image_url", as: "image", required: true)
            }),
        // codeplugtech/face-swap: `input_image` (the picture kept) and `swap_image` (the face put in).
        ReplicateModel(
            slug: "face-swap", version: "278a81e7ebb22db98bcba54de985d22cc1abeead2754eb1f2af717247be69b34",
            input: { input throws(ProviderFailure) in
                try input.file("image_url", as: "input_image", required: true)
                try input.file("swap_image_url", as: "swap_image", required: true)
            }),
        // fofr/style-transfer: `structure_image`, `style_image`, `prompt`, `negative_prompt`, `seed`,
        // `output_format`. An absent prompt is sent empty: the model's own default prompt would
        // otherwise paint its demo subject.
        ReplicateModel(
            slug: "style-transfer", version: "f1023890703bc0a5a3a2c21b5e498833be5f6ef6e70e9daf6b9b3a4fd8309cf0",
            input: { input throws(ProviderFailure) in
                try input.file("image_url", as: "structure_image", required: true)
                try input.file("style_image_url", as: "style_image", required: true)
                input.set("prompt", .string(input.request.prompt ?? ""))
                input.copy("negative_prompt")
                input.copy("seed")
                input.outputFormat()
            }),
        // piddnad/ddcolor: `image`, `model_size`.
        ReplicateModel(
            slug: "colorize", version: "ca494ba129e44e45f661d6ece83c4c98a9a7c774309beca01429b58fce8aa695",
            input: { input throws(ProviderFailure) in
                try input.file("image_url", as: "image", required: true)
                input.copy("model_size")
            }),
        // abiruyt/text-extract-ocr: `image`; the output is the text itself.
        ReplicateModel(
            slug: "text-ocr", version: "a524caeaa23495bc9edc805ab08ab5fe943afd3febed884a4f3747aa32e9cd61",
            output: .text,
            input: { input throws(ProviderFailure) in
                try input.file("image_url", as: "image", required: true)
            }),
        // stability-ai/stable-diffusion-inpainting: `image`, `mask` (white is repainted), `prompt`,
        // `negative_prompt`, `seed`; it answers a list of PNG URLs and has no format field.
        ReplicateModel(
            slug: "inpaint", version: "95b7223104132402a9ae91cc677285bc5eb997834bd2349fa486f53910fd68b3",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                try input.file("image_url", as: "image", required: true)
                try input.file("mask_url", as: "mask", required: true)
                input.copy("negative_prompt")
                input.copy("seed")
            }),
    ]
}
