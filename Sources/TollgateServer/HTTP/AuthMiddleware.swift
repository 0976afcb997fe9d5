import HTTPTypes
import Hummingbird
import TollgateCore
import TollgateServices

/// Authenticates `Authorization: Bearer <key>` or `X-API-Key: <key>`. With `required`, a request
/// without valid credentials is refused with 401; otherwise it continues anonymously.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator
    let plans: PlanBook
    let required: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let credential = Self.credential(in: request.headers) else {
            if required { throw APIError.notAuthenticated("Send an API key as 'Authorization: Bearer nb_…'.") }
            return try await next(request, context)
        }
        var context = context
        let principal = try await authenticator.authenticate(credential: credential)
        // SPEC §2: an API key only works on a plan with API access.
        if principal.keyID != nil, plans.plan(principal.plan)?.apiAccess != true {
            let required = plans.cheapestAPIPlan?.code ?? "vip"
            throw APIError.insufficientPlan("Your plan does not include API access.", requiredPlan: required)
        }
        context.principal = principal
        return try await next(request, context)
    }

    static func credential(in headers: HTTPFields) -> Substring? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return parts[1].drop(while: { $0 == " " })
            }
            return nil
        }
        // `X-API-Key` [ext]; the Anthropic SDK sends its key the same way.
        if let key = headers[HTTPField.Name("X-API-Key")!] { return Substring(key) }
        return nil
    }
}
