/// Gemini's `generateContent` wire types (`POST /v1beta/models/{model}:generateContent`). Requests
/// here; answers in `GeminiWire+Response.swift`. Gemini's JSON keys are camelCase.
enum GeminiWire {
    /// A `generateContent` / `streamGenerateContent` request body.
    struct GenerateContentBody: Encodable {
        var contents: [Content]
        var systemInstruction: Content?
        var generationConfig: GenerationConfig?
    }

    /// A turn (`role` `user` or `model`; none for the system instruction) and its parts.
    struct Content: Encodable {
        var role: String?
        var parts: [Part]
    }

    /// A part: `{"text"}`, `{"inlineData":{"mimeType","data"}}` or `{"fileData":{"mimeType","fileUri"}}`.
    enum Part: Encodable {
        case text(String)
        case inlineData(mimeType: String, data: String)
        case fileData(mimeType: String, fileURI: String)

        private enum CodingKeys: String, CodingKey {
            case text, inlineData, fileData
        }

        private struct InlineData: Encodable {
            var mimeType: String
            var data: String
        }

        private struct FileData: Encodable {
            var mimeType: String
            var fileUri: String
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode(text, forKey: .text)
            case .inlineData(let mimeType, let data):
                try container.encode(InlineData(mimeType: mimeType, data: data), forKey: .inlineData)
            case .fileData(let mimeType, let fileURI):
                try container.encode(FileData(mimeType: mimeType, fileUri: fileURI), forKey: .fileData)
            }
        }
    }

    /// `generationConfig`; `nil` fields are left out.
    struct GenerationConfig: Encodable, Equatable {
        var temperature: Double?
        var maxOutputTokens: Int?
        var topP: Double?
        var topK: Int?
        var stopSequences: [String]?
    }
}
