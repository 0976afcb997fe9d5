import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateServices

/// `/api/v2/auth/*` (SPEC §2, §5; reference facts §1.5). No auth middleware: a stale `Authorization`
/// header must never stop a login or a refresh. `/auth/telegram` reads one itself, to link accounts.
/// Every answer with a token pair also sets the refresh token as an `HttpOnly` cookie on `/api/v2/auth`, so a
/// browser client can refresh and sign out with an empty body (the docs' guide); the body wins when both come.
struct AuthController {
    let webAuth: WebAuthService
    let authenticator: Authenticator
    let users: UserService
    let cookies: WebCookies

    struct RegisterBody: Decodable {
        var email: String
        var password: String
        var username: String?
    }

    struct LoginBody: Decodable {
        var email: String
        var password: String
    }

    struct TokenBody: Decodable {
        var token: String
    }

    struct EmailBody: Decodable {
        var email: String
    }

    struct ResetBody: Decodable {
        var token: String
        var newPassword: String
    }

    struct RefreshBody: Decodable {
        var refreshToken: String?
    }

    struct GoogleBody: Decodable {
        var idToken: String?
        var code: String?
        var redirectUri: String?
    }

    struct PhoneBody: Decodable {
        var phone: String
    }

    struct PhoneRegisterBody: Decodable {
        var phone: String
        var code: String
        var password: String
        var username: String?
    }

    struct PhoneLoginBody: Decodable {
        var phone: String
        var password: String
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("auth/register") { request, context in
            let body = try await JSONBody.decode(RegisterBody.self, from: request, context: context)
            let account = try await webAuth.register(
                email: body.email, password: body.password, username: body.username)
            return JSONBody.response(
                JSONValue.object([
                    "message": "Account created. Check your email to verify the address.", "user_id": .int(account.id),
                    "email_verified": false,
                ]), status: .created)
        }
        group.post("auth/verify-email") { request, context in
            let body = try await JSONBody.decode(TokenBody.self, from: request, context: context)
            try await webAuth.verifyEmail(token: body.token)
            return JSONBody.response(JSONValue.object(["message": "Email verified.", "email_verified": true]))
        }
        group.post("auth/forgot-password") { request, context in
            let body = try await JSONBody.decode(EmailBody.self, from: request, context: context)
            try webAuth.forgotPassword(email: body.email)
            return JSONBody.response(
                JSONValue.object([
                    "message": "If an account uses this email, a link to reset its password is on its way."
                ]))
        }
        group.post("auth/reset-password") { request, context in
            let body = try await JSONBody.decode(ResetBody.self, from: request, context: context)
            try await webAuth.resetPassword(token: body.token, newPassword: body.newPassword)
            return JSONBody.response(JSONValue.object(["message": "Password changed. Sign in with the new password."]))
        }
        group.post("auth/login") { request, context in
            let body = try await JSONBody.decode(LoginBody.self, from: request, context: context)
            let session = try await webAuth.login(
                email: body.email, password: body.password,
                clientAddress: ClientAddress.of(request, context, webAuth.settings))
            return try await sessionResponse(session)
        }
        group.post("auth/refresh") { request, context in
            guard let (token, fromCookie) = try await refreshToken(request, context: context) else {
                throw APIError.notAuthenticated("Send refresh_token in the body or the refresh_token cookie.")
            }
            do {
                return try await sessionResponse(try await webAuth.refresh(token: token))
            } catch let error as APIError where fromCookie {
                // A dead cookie is dropped, so the browser stops sending it.
                throw ErrorWithHeaders(error: error, headers: [.setCookie: cookies.endedRefreshToken().description])
            }
        }
        group.post("auth/logout") { request, context in
            if let (token, _) = try await refreshToken(request, context: context) {
                try await webAuth.logout(refreshToken: token)
            }
            var response = Response(status: .noContent)
            response.setCookie(cookies.endedRefreshToken())
            return response
        }
        group.post("auth/resend-verification") { request, context in
            let body = try await JSONBody.decode(EmailBody.self, from: request, context: context)
            try webAuth.resendVerification(email: body.email)
            return JSONBody.response(
                JSONValue.object([
                    "message": "If an account uses this email and it is not verified yet, a new link is on its way."
                ]))
        }
        group.post("auth/google") { request, context in
            let body = try await JSONBody.decode(GoogleBody.self, from: request, context: context)
            let proof: WebAuthService.GoogleProof
            switch (body.idToken, body.code, body.redirectUri) {
            case (let token?, nil, _) where !token.isEmpty:
                proof = .idToken(token)
            case (nil, let code?, let redirect?)
            where !code.isEmpty && ParamSpec.isWebURL(redirect) && redirect.count <= 2048:
                proof = .code(code, redirectURI: redirect)
            case (nil, _?, _):
                throw APIError.validation(["redirect_uri": "must be the http(s) redirect URI the code was issued for"])
            default:
                throw APIError.validation(["id_token": "send either id_token, or code with redirect_uri"])
            }
            let signIn = try await webAuth.google(proof)
            return try await sessionResponse(signIn.session, isNewUser: signIn.isNewUser)
        }
        group.post("auth/phone/send-code") { request, context in
            let body = try await JSONBody.decode(PhoneBody.self, from: request, context: context)
            let sent = try await webAuth.sendPhoneCode(
                phone: body.phone,
                clientAddress: ClientAddress.of(request, context, webAuth.settings))
            return JSONBody.response(
                JSONValue.object([
                    "message": "A code is on its way by SMS.", "expires_in": .int(Int64(sent.expiresIn)),
                    "resend_in": .int(Int64(sent.resendIn)),
                ]), status: .accepted)
        }
        group.post("auth/register-phone") { request, context in
            let body = try await JSONBody.decode(PhoneRegisterBody.self, from: request, context: context)
            let session = try await webAuth.registerPhone(
                phone: body.phone, code: body.code, password: body.password, username: body.username)
            return try await sessionResponse(session, isNewUser: true, status: .created)
        }
        group.post("auth/login-phone") { request, context in
            let body = try await JSONBody.decode(PhoneLoginBody.self, from: request, context: context)
            let session = try await webAuth.loginPhone(
                phone: body.phone, password: body.password,
                clientAddress: ClientAddress.of(request, context, webAuth.settings))
            return try await sessionResponse(session)
        }
        group.post("auth/telegram") { request, context in
            guard let payload = try await JSONBody.decode(JSONValue.self, from: request, context: context).objectValue
            else {
                throw APIError.badRequest("The request body must be a JSON object.")
            }
            // Signed in already (a JWT or key in the header): link this Telegram account to that one.
            var linkTo: Principal?
            if let credential = AuthMiddleware.credential(in: request.headers) {
                linkTo = try await authenticator.authenticate(credential: credential)
            }
            let signIn = try await webAuth.telegram(payload, linkTo: linkTo)
            var json = try await Self.sessionJSON(signIn.session, users: users, isNewUser: signIn.isNewUser)
            if case .object(var object) = json {
                if case .object(var user)? = object["user"] {
                    user["telegram_id"] = .int(signIn.telegramID)
                    object["user"] = .object(user)
                }
                json = .object(object)
            }
            return withRefreshCookie(JSONBody.response(json), signIn.session)
        }
    }

    /// The refresh token of the body, else of the cookie (and whether it came from the cookie); nil for neither.
    func refreshToken(_ request: Request, context: AppRequestContext) async throws -> (String, fromCookie: Bool)? {
        let buffer = try await JSONBody.collect(request, context: context)
        if buffer.readableBytes > 0, let token = try JSONBody.decode(RefreshBody.self, from: buffer).refreshToken {
            return (token, false)
        }
        return request.cookies[WebCookies.refreshToken].map { ($0.value, true) }
    }

    func sessionResponse(_ session: WebSession, isNewUser: Bool? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        withRefreshCookie(
            JSONBody.response(try await Self.sessionJSON(session, users: users, isNewUser: isNewUser), status: status),
            session)
    }

    func withRefreshCookie(_ response: Response, _ session: WebSession) -> Response {
        var response = response
        response.setCookie(
            cookies.refreshToken(session.refreshToken, seconds: webAuth.settings.refreshTokenDays * 86_400))
        return response
    }

    /// The token pair and a short view of the user, as login, refresh and the other sign-ins answer (these
    /// with `is_new_user`).
    static func sessionJSON(_ session: WebSession, users: UserService, isNewUser: Bool? = nil) async throws
        -> JSONValue
    {
        var json: [String: JSONValue] = [
            "access_token": .string(session.accessToken),
            "refresh_token": .string(session.refreshToken),
            "token_type": "bearer",
            "expires_in": .int(session.expiresIn),
            "user": UserView.session(try await users.profile(accountID: session.account.id)),
        ]
        if let isNewUser { json["is_new_user"] = .bool(isNewUser) }
        return .object(json)
    }
}

/// Where a request came from, for per-address limits.
enum ClientAddress {
    /// The peer's IP address; behind a trusted proxy, the last `X-Forwarded-For` entry (the one that
    /// proxy appended, so a client cannot forge it). `unknown` when there is neither.
    static func of(_ request: Request, context: AppRequestContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return String(last.prefix(64))
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The address as the sign-in settings say to read it.
    static func of(_ request: Request, _ context: AppRequestContext, _ settings: WebAuthSettings) -> String {
        of(request, context: context, trustForwardedFor: settings.trustForwardedFor)
    }
}
