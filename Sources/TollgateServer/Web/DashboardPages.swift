import Foundation
import Hummingbird
import TollgateCore
import TollgateServices
import TollgateStore

/// The signed-in pages of SPEC §14 that show and change the account: the overview, keys and settings. Each
/// renders what the services return; none reads the store.
struct DashboardPages {
    let services: Services
    let renderer: PageRenderer
    let cookies: WebCookies

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("dashboard") { _, context in try await overview(context) }
        group.post("dashboard/support") { request, context in
            _ = try Self.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            guard let question = form.text("question") else { return try await overview(context) }
            let answer = await services.assistant.answer(question, language: context.language)
            return try await overview(
                context,
                extra: [
                    "question": question,
                    "answer": [
                        "text": answer.text, "found": answer.found, "hasCitations": !answer.citations.isEmpty,
                        "citations": answer.citations.map { ["title": $0.title, "url": $0.url] },
                    ],
                ])
        }
        group.get("dashboard/keys") { _, context in try await keys(context) }
        group.post("dashboard/keys") { request, context in
            let web = try Self.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            do {
                let created = try await services.keys.create(
                    accountID: web.account.id, name: form.text("name") ?? "Default")
                return try await keys(context, extra: ["created": ["name": created.name, "key": created.key]])
            } catch let error as APIError where error.httpStatus == 422 || error.httpStatus == 409 {
                return try await keys(context, extra: ["error": SignInPages.message(error)], status: error.status)
            }
        }
        group.post("dashboard/keys/:id/rename") { request, context in
            let web = try Self.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            _ = try await services.keys.rename(
                accountID: web.account.id, keyID: try Self.id(context), name: form["name"])
            return Response.redirect(to: "/dashboard/keys")
        }
        group.post("dashboard/keys/:id/revoke") { request, context in
            let web = try Self.signedIn(context)
            _ = try await WebForm.read(request, context: context)
            try await services.keys.revoke(accountID: web.account.id, keyID: try Self.id(context))
            return Response.redirect(to: "/dashboard/keys")
        }
        group.get("dashboard/settings") { request, context in
            try await settings(
                context,
                extra: [
                    "saved": request.uri.queryParameters["saved"] != nil,
                    "passwordChanged": request.uri.queryParameters["password"] == "changed",
                ])
        }
        group.post("dashboard/settings") { request, context in
            let web = try Self.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            var body: [String: JSONValue] = ["notifications_enabled": .bool(form["notifications_enabled"] == "on")]
            if let language = form.text("language") { body["language"] = .string(language) }
            if let format = form.text("image_format") { body["image_format"] = .string(format) }
            do {
                _ = try await services.users.updateSettings(accountID: web.account.id, body: body)
            } catch let error as APIError where error.httpStatus == 422 {
                return try await settings(
                    context, extra: ["error": SignInPages.message(error)], status: .unprocessableContent)
            }
            return Response.redirect(to: "/dashboard/settings?saved=1")
        }
        group.post("dashboard/settings/password") { request, context in
            let web = try Self.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            do {
                try await services.webAuth.changePassword(
                    accountID: web.account.id, current: form["current_password"] ?? "", new: form["new_password"] ?? "")
            } catch let error as APIError where error.httpStatus == 422 {
                return try await settings(
                    context, extra: ["passwordError": SignInPages.message(error)], status: .unprocessableContent)
            }
            // Every session ended with the old password; this browser goes on in a new one.
            let (cookie, _) = try await services.webSessions.start(web.account)
            var response = Response.redirect(to: "/dashboard/settings?password=changed")
            response.setCookie(cookies.session(cookie))
            return response
        }
        group.post("dashboard/settings/telegram") { request, context in
            let web = try Self.signedIn(context)
            _ = try await WebForm.read(request, context: context)
            guard let bot = renderer.telegramBot else {
                return try await settings(
                    context, extra: ["error": renderer.text("telegram_not_configured", context.language)])
            }
            let token = try await services.webAuth.telegramLinkToken(accountID: web.account.id)
            return try await settings(context, extra: ["telegramLink": "https://t.me/\(bot)?start=\(token)"])
        }
        group.post("dashboard/settings/webhook-secret") { request, context in
            let web = try Self.signedIn(context)
            _ = try await WebForm.read(request, context: context)
            let secret = try await services.users.webhookSecret(accountID: web.account.id)
            return try await settings(context, extra: ["webhookSecret": secret])
        }
    }

    static func signedIn(_ context: AppRequestContext) throws -> WebSignedIn {
        guard let web = context.web else { throw APIError.notAuthenticated() }
        return web
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError.notFound() }
        return id
    }

    func overview(_ context: AppRequestContext, extra: [String: Any] = [:]) async throws -> Response {
        let web = try Self.signedIn(context)
        let account = web.account
        let language = context.language
        async let rate = services.rateLimits.state(accountID: account.id, planCode: account.plan)
        async let spending = services.users.spending(accountID: account.id)
        async let recent = services.users.history(
            accountID: account.id, query: try HistoryQuery(["limit": "5"]), countLimit: 0)
        let plan = services.plans.plan(account.plan)
        let (state, days, page) = try await (rate, spending, recent)
        var data: [String: Any] = [
            "subscription": account.subscriptionTokens,
            "packages": account.packageTokens,
            "held": account.heldTokens,
            "available": account.availableTokens,
            "nextReset": PageValues.time(account.planExpiresAt),
            "plan": plan?.name ?? account.plan,
            "apiAccess": plan?.apiAccess ?? false,
            "hour": PageValues.usage(used: state.usedHour, limit: state.limitHour),
            "day": PageValues.usage(used: state.usedDay, limit: state.limitDay),
            "chart": SpendChart.svg(days, label: renderer.text("chart_label", language)),
            "spent30": days.reduce(0) { $0 + $1.tokens },
            "recent": page.items.map { PageValues.generation($0.generation, modelName: $0.modelName) },
            "hasRecent": !page.items.isEmpty,
        ]
        data.merge(extra) { _, new in new }
        return renderer.page(
            "dashboard", data, context: context, title: renderer.text("nav_overview", language), section: "overview")
    }

    func keys(_ context: AppRequestContext, extra: [String: Any] = [:], status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let web = try Self.signedIn(context)
        let keys = try await services.keys.list(accountID: web.account.id)
        var data = extra
        data["keys"] = keys.map {
            [
                "id": $0.id, "name": $0.name, "prefix": $0.prefix, "created": PageValues.time(iso8601: $0.createdAt),
                "lastUsed": $0.lastUsedAt.map(PageValues.time(iso8601:)) as Any,
            ]
        }
        data["hasKeys"] = !keys.isEmpty
        let plan = services.plans.plan(web.account.plan)
        data["noAPI"] = plan?.apiAccess != true
        data["apiPlan"] = services.plans.cheapestAPIPlan?.name ?? "VIP"
        return renderer.page(
            "keys", data, context: context, title: renderer.text("nav_keys", context.language), section: "keys",
            status: status)
    }

    func settings(_ context: AppRequestContext, extra: [String: Any] = [:], status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let web = try Self.signedIn(context)
        async let settings = services.users.settings(accountID: web.account.id)
        async let profile = services.users.profile(accountID: web.account.id)
        let (current, me) = try await (settings, profile)
        var data = extra
        data["languages"] = [("en", "English"), ("ru", "Русский")].map {
            ["code": $0.0, "name": $0.1, "selected": $0.0 == current.language]
        }
        data["formats"] = UserSettings.imageFormats.map { ["code": $0, "selected": $0 == current.imageFormat] }
        data["notifications"] = current.notificationsEnabled
        data["email"] = me.email ?? ""
        data["hasPassword"] = me.hasPassword
        data["telegramLinked"] = me.telegram != nil
        data["telegramName"] = me.telegram?.username ?? ""
        data["telegramConfigured"] = renderer.telegramBot != nil
        return renderer.page(
            "settings", data, context: context, title: renderer.text("nav_settings", context.language),
            section: "settings", status: status)
    }
}
