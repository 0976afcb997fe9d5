import Foundation
import TollgateCore

extension OpenAIMediaMapping {
    /// The model answers only PNG (DALL·E 3) or takes `output_format` (GPT image models).
    static func takesOutputFormat(_ request: MediaRequest) -> Bool {
        request.slug != "dall-e-3"
    }

    /// `POST /v1/images/generations`; with an `image_url` input (GPT Image), `POST /v1/images/edits`:
    /// multipart with the bytes the gateway holds, or JSON `images: [{image_url}]` for a public URL.
    static func imageRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        var body = OpenAIMediaWire.ImageBody(
            model: request.model, prompt: try prompt(request), size: string(request, "size"),
            quality: string(request, "quality"))
        if takesOutputFormat(request) {
            body.outputFormat = string(request, "format")
            body.background = string(request, "background")
        } else {
            body.style = string(request, "style")
            // Inline bytes: no second download, and no link that expires after an hour.
            body.responseFormat = "b64_json"
        }
        guard takesOutputFormat(request), let input = request.inputs["image_url"] else {
            return UpstreamRequest(path: "/v1/images/generations", body: try WireJSON.encode(body))
        }
        switch input {
        case .url(let url):
            body.images = [OpenAIMediaWire.ImageURL(imageURL: url)]
            return UpstreamRequest(path: "/v1/images/edits", body: try WireJSON.encode(body))
        case .data(let bytes, let contentType, let filename):
            var form = MultipartForm()
            form.add("model", body.model)
            form.add("prompt", body.prompt)
            form.add("n", "1")
            form.add("size", body.size)
            form.add("quality", body.quality)
            form.add("background", body.background)
            form.add("output_format", body.outputFormat)
            form.addFile("image", bytes: bytes, contentType: contentType, filename: filename)
            return form.request(path: "/v1/images/edits")
        }
    }

    /// The first image of an Images answer, inline (`b64_json`) or linked (`url`), with its size.
    /// DALL·E 3's `revised_prompt` (the prompt it actually drew) is kept as the result's text.
    static func imageResult(_ body: [UInt8], request: MediaRequest) throws(ProviderFailure) -> MediaResult {
        let answer = try WireJSON.decode(OpenAIMediaWire.ImagesResponse.self, from: body)
        guard let image = answer.data.first else {
            throw ProviderFailure(.malformed, "The provider's answer had no image.")
        }
        let contentType = imageContentType(
            takesOutputFormat(request) ? answer.outputFormat ?? string(request, "format") : "png")
        let file: MediaFile
        if let encoded = image.b64JSON {
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !data.isEmpty else {
                throw ProviderFailure(.malformed, "The provider's image did not decode.")
            }
            file = .data(Array(data), contentType: contentType)
        } else if let url = image.url, !url.isEmpty {
            file = .url(url, contentType: contentType)
        } else {
            throw ProviderFailure(.malformed, "The provider's answer had no image.")
        }
        let size = OpenAIMediaWire.dimensions(answer.size ?? string(request, "size"))
        return MediaResult(file: file, text: image.revisedPrompt, width: size?.width, height: size?.height)
    }

    /// The MIME type of an image format name.
    static func imageContentType(_ format: String?) -> String {
        switch format {
        case "jpeg", "jpg": "image/jpeg"
        case "webp": "image/webp"
        default: "image/png"
        }
    }
}
