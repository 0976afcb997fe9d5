import Foundation
import Hummingbird
import TollgateCore
import TollgateServices
import TollgateStore

/// The web sign-in pages (SPEC §14, §2): sign-up (by email, or by phone with an SMS code), sign-in (the one field
/// takes an email or a phone number), sign-out, password reset, email verification, Telegram and Google sign-in,
/// through the same services as `/api/v2/auth/*`. A sign-in starts a new cookie session.
struct SignInPages {
    let webAuth: WebAuthService
    let sessions: WebSessions
    let renderer: PageRenderer
    let cookies: WebCookies
    /// Where Google's button posts its ID token (`data-login_uri` must be absolute).
    let googleLoginURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("signup") { request, context in
            signedInAlready(context) ?? form("signup", context: context, title: "signup_title")
        }
        group.post("signup") { request, context in
            let form = try await WebForm.read(request, context: context)
            do {
                let account = try await webAuth.register(
                    email: form["email"] ?? "", password: form["password"] ?? "", username: form.text("username"))
                return try await signIn(account, next: "/dashboard?welcome=1")
            } catch let error as APIError where error.httpStatus == 422 || error.httpStatus == 409 {
                return self.form(
                    "signup", ["error": Self.message(error), "email": form["email"] ?? ""], context: context,
                    title: "signup_title", status: error.status)
            }
        }
        group.get("login") { request, context in
            signedInAlready(context)
                ?? form(
                    "login",
                    [
                        "next": Self.localPath(request.uri.queryParameters["next"].map(String.init)) ?? "",
                        "reset": request.uri.queryParameters["reset"] != nil,
                    ],
                    context: context, title: "login_title")
        }
        group.post("login") { request, context in
            let form = try await WebForm.read(request, context: context)
            do {
                let name = form.text("email") ?? ""
                let address = ClientAddress.of(request, context, webAuth.settings)
                // One field for both: a number in international format is a phone sign-in.
                let account =
                    name.hasPrefix("+")
                    ? try await webAuth.checkPhoneCredentials(
                        phone: name, password: form["password"] ?? "", clientAddress: address)
                    : try await webAuth.checkCredentials(
                        email: name, password: form["password"] ?? "", clientAddress: address)
                return try await signIn(account, next: Self.localPath(form["next"]) ?? "/dashboard")
            } catch let error as APIError where [401, 403, 429].contains(error.httpStatus) {
                return self.form(
                    "login", ["error": error.message, "email": form["email"] ?? "", "next": form["next"] ?? ""],
                    context: context, title: "login_title", status: error.status)
            }
        }
        // Google's button (Identity Services, redirect mode) posts `credential` (an ID token) and `g_csrf_token`,
        // which must equal the cookie of that name Google's script set: its double-submit check.
        group.post("login/google") { request, context in
            let body = try await request.body.collect(upTo: WebForm.maxBytes)
            let form = WebForm(fields: WebForm.parse(String(buffer: body)))
            guard let credential = form.text("credential"), let token = form["g_csrf_token"],
                let cookie = request.cookies["g_csrf_token"]?.value, ApiKeySecret.constantTimeEqual(cookie, token)
            else {
                return self.form(
                    "login", ["error": renderer.text("google_failed", context.language)], context: context,
                    title: "login_title", status: .forbidden)
            }
            do {
                let (account, isNew) = try await webAuth.googleAccount(.idToken(credential))
                return try await signIn(account, next: isNew ? "/dashboard?welcome=1" : "/dashboard")
            } catch let error as APIError where [401, 403, 409, 502, 503].contains(error.httpStatus) {
                return self.form(
                    "login", ["error": error.message], context: context, title: "login_title", status: error.status)
            }
        }
        group.get("signup/phone") { request, context in
            signedInAlready(context) ?? form("signup_phone", context: context, title: "signup_title")
        }
        group.post("signup/phone") { request, context in
            let form = try await WebForm.read(request, context: context)
            let phone = form.text("phone") ?? ""
            // The first step sends the code; the second (with it) registers.
            guard let code = form.text("code") else {
                do {
                    _ = try await webAuth.sendPhoneCode(
                        phone: phone,
                        clientAddress: ClientAddress.of(request, context, webAuth.settings))
                    return self.form(
                        "signup_phone", ["phone": phone, "codeSent": true], context: context, title: "signup_title")
                } catch let error as APIError where [409, 422, 429, 502, 503].contains(error.httpStatus) {
                    return self.form(
                        "signup_phone", ["error": Self.message(error), "phone": phone], context: context,
                        title: "signup_title", status: error.status)
                }
            }
            do {
                let account = try await webAuth.registerPhoneAccount(
                    phone: phone, code: code, password: form["password"] ?? "", username: form.text("username"))
                return try await signIn(account, next: "/dashboard?welcome=1")
            } catch let error as APIError where [409, 422, 503].contains(error.httpStatus) {
                return self.form(
                    "signup_phone", ["error": Self.message(error), "phone": phone, "codeSent": true],
                    context: context, title: "signup_title", status: error.status)
            }
        }
        group.post("logout") { request, context in
            _ = try await WebForm.read(request, context: context)
            if let cookie = request.cookies[WebCookies.session]?.value { try await sessions.end(cookie: cookie) }
            var response = Response.redirect(to: "/")
            response.setCookie(cookies.endedSession())
            return response
        }
        group.get("forgot-password") { _, context in form("forgot", context: context, title: "forgot_title") }
        group.post("forgot-password") { request, context in
            let form = try await WebForm.read(request, context: context)
            do {
                try webAuth.forgotPassword(email: form["email"] ?? "")
            } catch let error as APIError where error.httpStatus == 422 {
                return self.form(
                    "forgot", ["error": Self.message(error)], context: context, title: "forgot_title",
                    status: .unprocessableContent)
            }
            return self.form("forgot", ["sent": true], context: context, title: "forgot_title")
        }
        group.get("reset-password") { request, context in
            form(
                "reset", ["token": request.uri.queryParameters["token"].map(String.init) ?? ""], context: context,
                title: "reset_title")
        }
        group.post("reset-password") { request, context in
            let form = try await WebForm.read(request, context: context)
            do {
                try await webAuth.resetPassword(token: form["token"] ?? "", newPassword: form["password"] ?? "")
                return Response.redirect(to: "/login?reset=1")
            } catch let error as APIError where error.httpStatus == 400 || error.httpStatus == 422 {
                return self.form(
                    "reset", ["error": Self.message(error), "token": form["token"] ?? ""], context: context,
                    title: "reset_title", status: error.status)
            }
        }
        group.get("verify-email") { request, context in
            form(
                "verify", ["token": request.uri.queryParameters["token"].map(String.init) ?? ""], context: context,
                title: "verify_title")
        }
        group.post("verify-email") { request, context in
            let form = try await WebForm.read(request, context: context)
            do {
                try await webAuth.verifyEmail(token: form["token"] ?? "")
                return self.form("verify", ["verified": true], context: context, title: "verify_title")
            } catch let error as APIError where error.httpStatus == 400 {
                return self.form(
                    "verify", ["error": error.message], context: context, title: "verify_title", status: .badRequest)
            }
        }
        // The Login Widget sends the browser here with the signed fields in the query (its data-auth-url).
        group.get("login/telegram") { request, context in
            var payload: [String: JSONValue] = [:]
            for (name, value) in request.uri.queryParameters {
                let text = String(value)
                payload[String(name)] =
                    ["id", "auth_date"].contains(String(name))
                    ? Int64(text).map(JSONValue.int) ?? .string(text) : .string(text)
            }
            let linkTo = context.web.map { Principal(accountID: $0.account.id, keyID: nil, plan: $0.account.plan) }
            let telegram = try await webAuth.telegramAccount(payload, linkTo: linkTo)
            return try await signIn(telegram.account, next: linkTo == nil ? "/dashboard" : "/dashboard/settings")
        }
    }

    /// A new session for `account` (a new id, whatever cookie came), then `next`.
    func signIn(_ account: AccountRecord, next: String) async throws -> Response {
        let (cookie, _) = try await sessions.start(account)
        var response = Response.redirect(to: next)
        response.setCookie(cookies.session(cookie))
        return response
    }

    func signedInAlready(_ context: AppRequestContext) -> Response? {
        context.web == nil ? nil : Response.redirect(to: "/dashboard")
    }

    func form(
        _ template: String, _ data: [String: Any] = [:], context: AppRequestContext, title: String,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var data = data
        data["telegramBot"] = renderer.telegramBot
        if let client = webAuth.googleClientID {
            data["google"] = ["clientID": client, "loginURL": googleLoginURL]
        }
        data["phoneSignUp"] = webAuth.phoneSignUpConfigured
        return renderer.page(
            template, data, context: context, title: renderer.text(title, context.language), status: status,
            formToken: context.formToken)
    }

    /// A service error as one line: its message and, for a 422, each field's reason.
    static func message(_ error: APIError) -> String {
        guard case .object(let fields)? = error.details["fields"], !fields.isEmpty else { return error.message }
        return fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.stringValue ?? "")" }.joined(
            separator: "; ")
    }

    /// `path` when it is a path on this site (never `//host` or a full URL), so a `next` cannot leave the site.
    static func localPath(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return nil }
        return path
    }
}
