import Foundation
import Hummingbird
import TollgateServices

/// The dashboard's cookies (SPEC §14): the session (`HttpOnly`, `SameSite=Lax`, `Secure` when the public URL is
/// https) and, before sign-in, the token a sign-in form echoes back (double-submit CSRF protection).
struct WebCookies: Sendable {
    static let session = "tollgate_session"
    static let formToken = "tollgate_form"
    /// The API's refresh token, for clients that keep it in a cookie (the docs' authentication guide):
    /// sent only to `/api/v2/auth`, never readable by scripts, never sent cross-site.
    static let refreshToken = "refresh_token"
    static let refreshPath = "/api/v2/auth"

    /// Whether cookies carry `Secure` (the public URL is https).
    let secure: Bool
    let sessionSeconds: Int

    /// The instance's cookies: `Secure` when its public URL is https.
    static func make(_ services: Services) -> WebCookies {
        WebCookies(
            secure: services.configuration.externalURL.hasPrefix("https://"),
            sessionSeconds: services.webSessions.lifetimeSeconds)
    }

    func session(_ value: String) -> Cookie {
        Cookie(
            name: Self.session, value: value, maxAge: sessionSeconds, path: "/", secure: secure, httpOnly: true,
            sameSite: .lax)
    }

    func endedSession() -> Cookie {
        Cookie(name: Self.session, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func refreshToken(_ value: String, seconds: Int) -> Cookie {
        Cookie(
            name: Self.refreshToken, value: value, maxAge: seconds, path: Self.refreshPath, secure: secure,
            httpOnly: true, sameSite: .strict)
    }

    func endedRefreshToken() -> Cookie {
        Cookie(
            name: Self.refreshToken, value: "", maxAge: 0, path: Self.refreshPath, secure: secure, httpOnly: true,
            sameSite: .strict)
    }

    func formToken(_ value: String) -> Cookie {
        Cookie(name: Self.formToken, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
