import TollgateCore
import TollgateStore

/// The generation object of SPEC §4, as the native API renders it.
public enum GenerationView {
    /// The object for `generation`; stored file paths (`/files/…`) become absolute under `baseURL`. Given `now`,
    /// a pending one also carries the docs' status fields `progress` (0–99) and `eta_seconds`.
    public static func json(
        _ generation: GenerationRecord, balance: Int64?, baseURL: String, now: Int64? = nil
    ) -> JSONValue {
        func absolute(_ path: String?) -> JSONValue { Self.absolute(path, baseURL: baseURL) }
        var object: [String: JSONValue] = [
            "id": .int(generation.id),
            "status": .string(generation.status.rawValue),
            "model_slug": .string(generation.modelSlug),
            "result_text": .string(orNull: generation.resultText),
            "result_url": absolute(generation.resultURL),
            "thumbnail_url": absolute(generation.thumbnailURL),
            "error": .string(orNull: generation.error),
            "tokens_spent": .int(generation.tokensSpent),
            "processing_ms": .int(orNull: generation.status == .pending ? nil : generation.processingMs),
            "result_metadata": JSONText.decode(generation.resultMetadata) ?? .null,
            "usage": JSONText.decode(generation.usage) ?? .null,
            "created_at": .string(generation.createdAt.iso8601),
            "completed_at": .string(orNull: generation.completedAt?.iso8601),
        ]
        if let seed = generation.seed { object["seed"] = .int(seed) }
        if let now, generation.status == .pending {
            let estimate = PendingEstimate(category: generation.category, elapsedMs: now - generation.createdAt)
            object["progress"] = .int(Int64(estimate.progress))
            object["eta_seconds"] = .int(Int64(estimate.etaSeconds))
        }
        if let balance { object["balance_remaining"] = .int(balance) }
        switch generation.category {
        case "text":
            object["content"] = object["result_text"]
            object["model"] = .string(generation.modelSlug)
            object["tokens_used"] = .int(generation.tokensSpent)
        case "music":
            // The docs' music page names the file and its length so.
            object["output_url"] = object["result_url"]
            object["duration_seconds"] = object["result_metadata"]?.objectValue?["duration"] ?? .null
        default:
            break
        }
        return .object(object)
    }

    /// A stored file path (`/files/…`) as an absolute URL under `baseURL` (an absolute URL stays as it is); the
    /// one place every answer that links a result resolves it.
    public static func absolute(_ path: String?, baseURL: String) -> JSONValue {
        guard let path else { return .null }
        return .string(path.hasPrefix("/") ? baseURL + path : path)
    }
}
