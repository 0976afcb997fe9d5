import Foundation
import Hummingbird
import Logging
import TollgateCore
import TollgateServices

/// Every dashboard page passes here: the session cookie resolved to the signed-in account (read with the
/// session, so a block or sign-out elsewhere shows at once), the page's language (the user's setting, else
/// `Accept-Language`), the form token of a signed-out browser, and errors answered as pages: a page that needs
/// a session sends a signed-out browser to `/login`; anything else shows its message in the page's language.
struct PageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: WebSessions
    let users: UserService
    let renderer: PageRenderer
    let cookies: WebCookies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let cookie = request.cookies[WebCookies.session]?.value {
            context.web = try await sessions.resolve(cookie: cookie)
        }
        if let web = context.web {
            context.language = try await users.settings(accountID: web.account.id).language
            if !PageRenderer.languages.contains(context.language) { context.language = "en" }
        } else {
            context.language = PageRenderer.language(acceptLanguage: request.headers[.acceptLanguage])
        }
        var newFormToken: String?
        if context.web == nil {
            context.formToken = request.cookies[WebCookies.formToken]?.value
            if context.formToken == nil {
                newFormToken = WebSessions.newFormToken()
                context.formToken = newFormToken
            }
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError where error.httpStatus == 401 {
            let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            response = Response.redirect(
                to: "/login?next="
                    + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/dashboard"))
        } catch let error as APIError {
            response = errorPage(status: error.httpStatus, message: error.message, context: context)
        } catch let error as HTTPError {
            response = errorPage(status: Int(error.status.code), message: error.body ?? "", context: context)
        } catch {
            context.logger.error("page failed", metadata: ["error_type": "\(type(of: error))"])
            response = errorPage(status: 500, message: "", context: context)
        }
        if let newFormToken { response.setCookie(cookies.formToken(newFormToken)) }
        return response
    }

    func errorPage(status: Int, message: String, context: Context) -> Response {
        let key = status == 404 ? "error_not_found" : status >= 500 ? "error_server" : "error_request"
        return renderer.page(
            "error",
            [
                "status": status, "message": message,
                "headline": renderer.text(key, context.language),
            ],
            context: context, title: renderer.text(key, context.language), status: .init(code: status),
            formToken: context.formToken)
    }
}
