import Foundation
import Hummingbird

/// The dashboard's cookies (SPEC §14): the session (`HttpOnly`, `SameSite=Lax`, `Secure` when the public URL is
/// https) and, before sign-in, the token a sign-in form echoes back (double-submit CSRF protection).
struct WebCookies: Sendable {
    static let session = "tollgate_session"
    static let formToken = "tollgate_form"

    /// Whether cookies carry `Secure` (the public URL is https).
    let secure: Bool
    let sessionSeconds: Int

    func session(_ value: String) -> Cookie {
        Cookie(
            name: Self.session, value: value, maxAge: sessionSeconds, path: "/", secure: secure, httpOnly: true,
            sameSite: .lax)
    }

    func endedSession() -> Cookie {
        Cookie(name: Self.session, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func formToken(_ value: String) -> Cookie {
        Cookie(name: Self.formToken, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
