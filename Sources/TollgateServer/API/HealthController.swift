import Hummingbird
import TollgateProviders
import TollgateServices
import TollgateStore

/// `/healthz` (the process answers), `/readyz` (the database answers) and `/metrics` (Prometheus).
struct HealthController {
    let store: Store
    let metrics: Metrics
    let providerStats: ProviderStats

    struct Status: Encodable {
        var status: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            JSONBody.response(Status(status: "ok"))
        }
        router.get("readyz") { _, _ in
            guard await store.engine.ping() else {
                return JSONBody.response(Status(status: "database unreachable"), status: .serviceUnavailable)
            }
            return JSONBody.response(Status(status: "ready"))
        }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: .init(string: metrics.render(providers: providerStats.summaries()))))
        }
    }
}
