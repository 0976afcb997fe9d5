import Foundation
import Hummingbird
import NIOCore
import TollgateCore
import TollgateServices

/// A submitted dashboard form (`application/x-www-form-urlencoded`), read only after its CSRF token matched:
/// the signed-in session's token, or before sign-in the form-token cookie's.
struct WebForm: Sendable {
    var fields: [String: String]

    static let maxBytes = 64 << 10

    subscript(_ name: String) -> String? { fields[name] }

    /// A field's trimmed value, nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Reads the form and checks its `_csrf` field; 403 when it does not match.
    static func read(_ request: Request, context: AppRequestContext) async throws -> WebForm {
        let body = try await request.body.collect(upTo: maxBytes)
        let form = WebForm(fields: parse(String(buffer: body)))
        let expected = context.web?.csrf ?? request.cookies[WebCookies.formToken]?.value
        guard let expected, let sent = form["_csrf"], ApiKeySecret.constantTimeEqual(expected, sent) else {
            throw APIError(
                code: "csrf_failed", message: "The form expired; reload the page and try again.", status: 403,
                side: .caller)
        }
        return form
    }

    /// The pairs of an urlencoded text (`+` is a space); a repeated name keeps its last value.
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
