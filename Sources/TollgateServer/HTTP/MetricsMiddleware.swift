import Hummingbird
import TollgateServices

/// Counts requests and their durations by matched route (never by raw path, to bound label values).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: Metrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        metrics.requestFinished(
            method: request.method.rawValue, route: route, status: response.status.code,
            duration: ContinuousClock.now - start)
        return response
    }
}
