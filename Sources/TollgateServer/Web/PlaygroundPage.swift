import Foundation
import Hummingbird
import TollgateCore
import TollgateServices
import TollgateStore

/// `/dashboard/playground` (SPEC §14): any model the plan reaches, its params as a form made from the catalog,
/// the price before sending. The form posts here and runs through the same parsing and lifecycle as
/// `POST /api/v2/generate` (admitted, billed and rate-limited exactly like the API); with JavaScript on, the page's
/// script streams text and polls pending jobs through the API itself, with the session's cookie.
struct PlaygroundPage {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("dashboard/playground") { request, context in
            let web = try DashboardPages.signedIn(context)
            var extra: [String: Any] = [:]
            if let id = request.uri.queryParameters["generation"].flatMap({ Int64($0) }),
                let (generation, balance) = try await services.generations.find(id: id, accountID: web.account.id)
            {
                extra = result(generation, balance: balance)
            }
            return try await page(
                context, slug: request.uri.queryParameters["model"].map(String.init), values: [:], extra: extra)
        }
        group.post("dashboard/playground") { request, context in
            let web = try DashboardPages.signedIn(context)
            let form = try await WebForm.read(request, context: context)
            let slug = form["model"] ?? ""
            do {
                let body = try Self.requestBody(form, catalog: services.catalog)
                let input = try await services.users.generationInput(
                    body, catalog: services.catalog, accountID: web.account.id)
                let call = GenerationCall(
                    principal: Principal(accountID: web.account.id, keyID: nil, plan: web.account.plan),
                    input: input, waitsForResult: false, logger: context.logger)
                let (settled, _) = try await services.generations.generate(call).succeeded()
                return try await page(
                    context, slug: slug, values: form.fields,
                    extra: result(settled.generation, balance: settled.balance))
            } catch let error as APIError {
                // 402 and 429 say what to do next: buy tokens, or wait for the window.
                return try await page(
                    context, slug: slug, values: form.fields,
                    extra: [
                        "error": SignInPages.message(error), "short": error.httpStatus == 402,
                        "limited": error.httpStatus == 429,
                    ],
                    status: error.status)
            }
        }
    }

    /// The API request the form describes: `model`, `prompt` and each `p.<name>` field as its param, typed by the
    /// catalog (blank fields left out, so the catalog's defaults apply).
    static func requestBody(_ form: WebForm, catalog: Catalog) throws -> JSONValue {
        guard let slug = form.text("model"), let model = catalog.model(slug) else {
            throw APIError.notFound("No such model.")
        }
        var params: [String: JSONValue] = [:]
        for spec in model.params where Self.shown(spec) {
            let raw = form.text("p.\(spec.name)")
            switch spec.type {
            case .boolean:
                if form["p.\(spec.name)"] != nil || spec.defaultValue != nil { params[spec.name] = .bool(raw == "on") }
            case .integer: if let raw { params[spec.name] = Int64(raw).map(JSONValue.int) ?? .string(raw) }
            case .number: if let raw { params[spec.name] = Double(raw).map(JSONValue.double) ?? .string(raw) }
            default: if let raw { params[spec.name] = .string(raw) }
            }
        }
        var body: [String: JSONValue] = ["model": .string(slug), "params": .object(params)]
        if let prompt = form.text("prompt") { body["prompt"] = .string(prompt) }
        return .object(body)
    }

    /// Params the form offers: the kinds a form field can hold.
    static func shown(_ spec: ParamSpec) -> Bool {
        spec.type != .dialogue && spec.type != .stringList && spec.name != "text"
    }

    func page(
        _ context: AppRequestContext, slug: String?, values: [String: String], extra: [String: Any],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let web = try DashboardPages.signedIn(context)
        let plan = services.plans.plan(web.account.plan)
        let reachable = services.catalog.models.filter { model in
            model.category != .stt && plan?.reaches(model.tier) == true
        }
        let selected =
            reachable.first { $0.slug == slug } ?? reachable.first { $0.category == .text } ?? reachable.first
        var data = extra
        data["models"] = reachable.map { model -> [String: Any] in
            var entry = PageValues.model(model, available: services.generations.isAvailable(model))
            entry["selected"] = model.slug == selected?.slug
            return entry
        }
        if let model = selected {
            data["model"] = PageValues.model(model, available: services.generations.isAvailable(model))
            data["params"] = model.params.filter(Self.shown).map { Self.field($0, value: values["p.\($0.name)"]) }
            data["price"] = (try? model.quote(model.defaultParams, count: 1).tokenCost) ?? model.defaultPrice
            data["prompt"] = values["prompt"] ?? ""
            data["needsPrompt"] = model.category == .text || model.param("text") != nil || model.param("prompt") == nil
        }
        data["balance"] = web.account.availableTokens
        return renderer.page(
            "playground", data, context: context, title: renderer.text("nav_playground", context.language),
            section: "playground", status: status)
    }

    /// A param as a form field: a list of choices, a number with its bounds, a checkbox, or text.
    static func field(_ spec: ParamSpec, value: String?) -> [String: Any] {
        let current = value ?? spec.defaultValue.map(Self.text) ?? ""
        var field: [String: Any] = [
            "name": spec.name, "label": spec.name.replacingOccurrences(of: "_", with: " "), "value": current,
            "required": spec.required, "description": spec.description ?? "",
        ]
        if let values = spec.values, spec.type != .boolean {
            field["choices"] = values.map(Self.text).map { ["value": $0, "selected": $0 == current] }
            field["isChoice"] = true
            // Numeric choices (a duration of 5 or 10) are sent as numbers, as the server-side form does.
            field["isNumeric"] = spec.type == .integer || spec.type == .number
        } else {
            switch spec.type {
            case .boolean:
                field["isCheckbox"] = true
                field["checked"] = current == "true" || value == "on"
            case .integer, .number:
                field["isNumber"] = true
                field["min"] = spec.min.map(Self.number) ?? ""
                field["max"] = spec.max.map(Self.number) ?? ""
                field["step"] = spec.type == .integer ? "1" : "any"
            case .url: field["isURL"] = true
            default: field["isText"] = true
            }
        }
        return field
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): number.rounded() == number ? String(Int64(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: ""
        }
    }

    static func number(_ value: Double) -> String { value.rounded() == value ? String(Int64(value)) : String(value) }

    /// A generation the playground shows: its text or media, or that it is still running.
    func result(_ generation: GenerationRecord, balance: Int64) -> [String: Any] {
        let name = services.catalog.model(generation.modelSlug)?.name ?? generation.modelSlug
        return ["result": PageValues.generation(generation, modelName: name), "balanceAfter": balance]
    }
}
