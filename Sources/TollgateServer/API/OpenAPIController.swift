import HTTPTypes
import Hummingbird

/// `GET /openapi.json`: the API described as OpenAPI 3.1 (SPEC §17), for code generators and test tools.
struct OpenAPIController {
    let document: OpenAPIDocument

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "public, max-age=300"
            headers[.accessControlAllowOrigin] = "*"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: document.bytes))
        }
    }
}
