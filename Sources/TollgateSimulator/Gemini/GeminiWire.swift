/// The part of a Gemini `GenerateContentRequest` the simulator reads.
struct GeminiRequest: Decodable, Sendable {
    var contents: [Content]?
    var systemInstruction: Content?

    enum CodingKeys: String, CodingKey {
        case contents, systemInstruction
        case snakeSystemInstruction = "system_instruction"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contents = try container.decodeIfPresent([Content].self, forKey: .contents)
        // The API reads proto JSON, which accepts both spellings.
        systemInstruction =
            try container.decodeIfPresent(Content.self, forKey: .systemInstruction)
            ?? container.decodeIfPresent(Content.self, forKey: .snakeSystemInstruction)
    }

    /// A `Content`: a role (`user`, `model`, or none) and parts, of which text parts count.
    struct Content: Decodable, Sendable {
        var role: String?
        var parts: [Part]?

        /// The text of the parts, joined by newlines.
        var text: String {
            (parts ?? []).compactMap(\.text).joined(separator: "\n")
        }
    }

    /// A part; only `text` is read.
    struct Part: Decodable, Sendable {
        var text: String?
    }
}

/// A Gemini `GenerateContentResponse`: the buffered answer, and each object of a stream.
struct GeminiResponse: Encodable, Sendable {
    var candidates: [Candidate]
    var usageMetadata: UsageMetadata
    var modelVersion: String
    var responseId: String

    /// The one candidate.
    struct Candidate: Encodable, Sendable {
        var content: Content
        var finishReason: String?
        var index = 0
    }

    /// `{"parts":[{"text":…}],"role":"model"}`.
    struct Content: Encodable, Sendable {
        var parts: [Part]
        var role = "model"
    }

    /// A text part.
    struct Part: Encodable, Sendable {
        var text: String
    }

    /// `usageMetadata`.
    struct UsageMetadata: Encodable, Sendable {
        var promptTokenCount: Int
        var candidatesTokenCount: SlotNumber
        var totalTokenCount: SlotNumber
        var promptTokensDetails: [ModalityCount]

        init(prompt: Int, candidates: Int) {
            self.init(prompt: prompt, candidates: .value(candidates), total: .value(prompt + candidates))
        }

        init(prompt: Int, candidates: SlotNumber, total: SlotNumber) {
            promptTokenCount = prompt
            candidatesTokenCount = candidates
            totalTokenCount = total
            promptTokensDetails = [ModalityCount(tokenCount: prompt)]
        }
    }

    /// `{"modality":"TEXT","tokenCount":…}`.
    struct ModalityCount: Encodable, Sendable {
        var modality = "TEXT"
        var tokenCount: Int
    }
}

/// A Google API error body, `{"error":{"code","message","status","details"?}}`.
struct GeminiErrorBody: Encodable, Sendable {
    var error: Detail

    /// The error object.
    struct Detail: Encodable, Sendable {
        var code: Int
        var message: String
        var status: String
        var details: [ErrorInfo]?
    }

    /// A `google.rpc.ErrorInfo` detail.
    struct ErrorInfo: Encodable, Sendable {
        var type = "type.googleapis.com/google.rpc.ErrorInfo"
        var reason: String
        var domain = "googleapis.com"
        var metadata = ["service": "generativelanguage.googleapis.com"]

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case reason, domain, metadata
        }
    }

    init(code: Int, message: String, status: String, reason: String? = nil) {
        error = Detail(code: code, message: message, status: status, details: reason.map { [ErrorInfo(reason: $0)] })
    }
}
