import Foundation
import Hummingbird

extension MediaOpenAI {
    /// `POST /v1/images/generations` and `/v1/images/edits` (JSON, or a form with an `image` file).
    /// DALL·E answers `url` links unless `response_format` is `b64_json`; GPT image models always
    /// answer `b64_json`, in their `output_format`.
    func images(_ call: MediaCall, edit: Bool) -> Response {
        guard let prompt = call.string("prompt"), !prompt.isEmpty else {
            return error(
                400, "Missing required parameter: 'prompt'.", code: "missing_required_parameter", param: "prompt")
        }
        let model = call.string("model") ?? (edit ? "gpt-image-1" : "dall-e-2")
        let isGPTImage = model.hasPrefix("gpt-image")
        if edit {
            let hasImage = call.form?.parts.contains { $0.isFile && $0.name.hasPrefix("image") } ?? false
            let hasReference = call.json?["images"]?.arrayValue?.isEmpty == false
            guard hasImage || hasReference else {
                return error(
                    400, "Missing required parameter: 'image'.", code: "missing_required_parameter", param: "image")
            }
        }
        if let failure = call.knobs.jobFail {
            return syncFailure(failure, policyCode: isGPTImage ? "moderation_blocked" : "content_policy_violation")
        }
        var size = call.string("size") ?? "auto"
        if size == "auto" { size = "1024x1024" }
        let dimensions = size.split(separator: "x").compactMap { Int($0) }
        guard dimensions.count == 2, dimensions.allSatisfy({ $0 > 0 }) else {
            return error(
                400,
                "Invalid value: '\(size)'. Supported values are: '1024x1024', '1024x1536', '1536x1024', '1024x1792', '1792x1024' and 'auto'.",
                code: "invalid_value", param: "size")
        }
        let formatName = isGPTImage ? call.string("output_format") ?? "png" : "png"
        guard let format = ResultFile.Format(rawValue: formatName), format.isImage else {
            return error(
                400, "Invalid value: '\(formatName)'. Supported values are: 'png', 'jpeg' and 'webp'.",
                code: "invalid_value", param: "output_format")
        }
        let inline = isGPTImage || call.string("response_format") == "b64_json"
        let count = max(1, min(10, call.int("n") ?? 1))
        let images = (0..<count).map { index in
            let file = ResultFile(
                stem: "openai-img-\(call.sequence)-\(index)", format: format, width: dimensions[0],
                height: dimensions[1])
            return MediaOpenAIWire.Image(
                url: inline ? nil : call.link(file),
                b64JSON: inline ? Data(file.bytes()).base64EncodedString() : nil,
                revisedPrompt: model == "dall-e-3" ? Self.answerText(model: model, prompt: prompt) : nil)
        }
        var answer = MediaOpenAIWire.ImagesAnswer(created: Int(call.now.timeIntervalSince1970), data: images)
        if isGPTImage {
            let textTokens = SimulatedTokens.count(prompt)
            let outputTokens = dimensions[0] * dimensions[1] / 4096
            answer.background = call.string("background") ?? "opaque"
            answer.outputFormat = format.rawValue
            answer.quality = call.string("quality").flatMap { $0 == "auto" ? nil : $0 } ?? "medium"
            answer.size = size
            answer.usage = MediaOpenAIWire.ImageUsage(
                inputTokens: textTokens, inputTokensDetails: .init(imageTokens: 0, textTokens: textTokens),
                outputTokens: outputTokens, totalTokens: textTokens + outputTokens)
        }
        return json(answer)
    }
}
