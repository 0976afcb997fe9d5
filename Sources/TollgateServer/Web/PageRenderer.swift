import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import TollgateCore
import TollgateServices

/// Renders the dashboard's Mustache templates (SPEC §14) in the page's language, inside the layout, with the
/// security headers every page carries: a Content-Security-Policy that allows no inline script, no framing, no
/// caching of pages that may show a secret.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// Texts by language, then key.
    let strings: [String: [String: String]]
    /// The Telegram bot's username (Login Widget and "connect Telegram"), when configured.
    let telegramBot: String?

    static let languages = ["en", "ru"]

    static let securityHeaders: [(HTTPField.Name, String)] = [
        (
            HTTPField.Name("Content-Security-Policy")!,
            "default-src 'self'; script-src 'self' https://telegram.org https://accounts.google.com/gsi/client; "
                + "frame-src https://oauth.telegram.org https://accounts.google.com/gsi/; "
                + "connect-src 'self' https://accounts.google.com/gsi/; "
                + "img-src 'self' data: https:; media-src 'self' https:; "
                + "style-src 'self' https://accounts.google.com/gsi/style; object-src 'none'; "
                + "base-uri 'self'; frame-ancestors 'none'"
        ),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "same-origin"),
        (.cacheControl, "no-store"),
    ]

    /// Loads the templates and texts bundled with the server.
    static func bundled(telegramBot: String?) throws -> PageRenderer {
        guard let templates = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources")
        else { throw APIError.internal("The page templates are missing from the build.") }
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path).filter {
            $0.hasSuffix(".mustache")
        }
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        var strings: [String: [String: String]] = [:]
        for language in languages {
            guard
                let url = Bundle.module.url(
                    forResource: language, withExtension: "json", subdirectory: "Resources/i18n")
            else { throw APIError.internal("The \(language) texts are missing from the build.") }
            strings[language] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        }
        return PageRenderer(library: library, strings: strings, telegramBot: telegramBot)
    }

    /// The text `key` in `language` (English when the language lacks it; the key itself when neither has it).
    func text(_ key: String, _ language: String) -> String {
        strings[language]?[key] ?? strings["en"]?[key] ?? key
    }

    /// The language for a request before sign-in: the first of `Accept-Language` this server speaks.
    static func language(acceptLanguage: String?) -> String {
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let tag = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            let primary = String(tag.prefix { $0 != "-" })
            if languages.contains(primary) { return primary }
        }
        return "en"
    }

    /// A page: `template` filled with `data` and the layout's values, answered with `status`.
    func page(
        _ template: String, _ data: [String: Any] = [:], context: AppRequestContext, title: String,
        section: String? = nil, status: HTTPResponse.Status = .ok, formToken: String? = nil
    ) -> Response {
        var values = data
        let language = context.language
        values["t"] = strings[language] ?? [:]
        values["lang"] = language
        values["title"] = title
        values["nav"] = section.map { [$0: true] } ?? [:]
        if let web = context.web {
            values["signedIn"] = true
            values["csrf"] = web.csrf
            values["me"] = ["email": UserProfile.email(web.account) ?? "Telegram", "admin": web.account.isAdmin]
        } else if let formToken {
            values["csrf"] = formToken
        }
        let html = library.render(Self.present(values) ?? [:], withTemplate: template) ?? ""
        return Self.html(html, status: status)
    }

    /// `value` with every absent part taken out: nil optionals and empty strings (Mustache would print the first
    /// as "nil" and count the second as present), recursively through dictionaries and arrays. A template's
    /// `{{#name}}` then means "has a value", and `{{^name}}` "has none".
    static func present(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return present(wrapped)
        }
        switch value {
        case let text as String: return text.isEmpty ? nil : text
        case let dictionary as [String: Any]: return dictionary.compactMapValues(present)
        case let array as [Any]: return array.compactMap(present)
        default: return value
        }
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
