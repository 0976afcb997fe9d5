import TollgateCore
import TollgateStore

/// The query of `GET /user/history` (SPEC §5), checked: `page` ≥ 1, `limit` 1–100 (default 20),
/// `category`, `model_slug`, `status`, `favorites_only`. A bad value is a 422 naming it.
public struct HistoryQuery: Sendable, Equatable {
    var page = 1
    var limit = 20
    var categories: [String]?
    var modelSlug: String?
    var status: String?
    var favoritesOnly = false

    static let maxLimit = 100

    /// Category names a client may filter by: the catalog's own, plus the documented groups
    /// `tool` (audio and image tools) and `audio` (music, speech, transcription and audio tools).
    static func categories(for name: String) -> [String]? {
        if let category = ModelCategory(rawValue: name) { return [category.rawValue] }
        switch name {
        case "tool", "tools": return [ModelCategory.audioTool.rawValue, ModelCategory.imageTool.rawValue]
        case "audio": return [ModelCategory.music, .tts, .stt, .audioTool].map(\.rawValue)
        default: return nil
        }
    }

    /// Parses the query items; throws 422 naming every bad one.
    public init(_ items: [String: String]) throws {
        var problems: [String: String] = [:]
        if let text = items["page"] {
            if let value = Int(text), value >= 1, value <= 1_000_000 {
                page = value
            } else {
                problems["page"] = "must be a positive integer"
            }
        }
        if let text = items["limit"] {
            if let value = Int(text), (1...Self.maxLimit).contains(value) {
                limit = value
            } else {
                problems["limit"] = "must be an integer from 1 to \(Self.maxLimit)"
            }
        }
        // `type` is the docs' other spelling of `category` (their second history page); both at once must agree.
        for name in ["category", "type"] {
            guard let text = items[name], !text.isEmpty else { continue }
            if let categories = Self.categories(for: text) {
                if let chosen = self.categories, chosen != categories {
                    problems[name] = "names other categories than category does; send one of the two"
                } else {
                    self.categories = categories
                }
            } else {
                problems[name] =
                    "must be one of \((ModelCategory.allCases.map(\.rawValue) + ["audio", "tool"]).joined(separator: ", "))"
            }
        }
        if let text = items["model_slug"] ?? items["model"], !text.isEmpty { modelSlug = text }
        if let text = items["status"], !text.isEmpty {
            if GenerationStatus(rawValue: text) != nil {
                status = text
            } else {
                problems["status"] = "must be one of pending, completed, failed"
            }
        }
        if let text = items["favorites_only"] {
            switch text.lowercased() {
            case "true", "1", "yes": favoritesOnly = true
            case "false", "0", "no", "": favoritesOnly = false
            default: problems["favorites_only"] = "must be true or false"
            }
        }
        if !problems.isEmpty { throw APIError.validation(problems) }
    }

    func filter(accountID: Int64) -> HistoryFilter {
        HistoryFilter(
            accountID: accountID, categories: categories, modelSlug: modelSlug, status: status,
            favoritesOnly: favoritesOnly)
    }
}
