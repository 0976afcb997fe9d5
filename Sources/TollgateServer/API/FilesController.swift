import HTTPTypes
import Hummingbird
import NIOCore
import TollgateServices

/// `GET /files/<token>.<ext>`: result files at unguessable URLs, with their content type.
struct FilesController {
    let files: FileService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("files/:name") { _, context in
            let (bytes, headers) = try await file(context)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        // Players and link checkers ask first: the same headers, no body.
        router.head("files/:name") { _, context in
            Response(status: .ok, headers: try await file(context).headers)
        }
    }

    func file(_ context: AppRequestContext) async throws -> (bytes: [UInt8], headers: HTTPFields) {
        let (bytes, contentType) = try await files.serve(name: context.parameters.get("name") ?? "")
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(bytes.count)
        headers[.cacheControl] = "private, max-age=86400"
        return (bytes, headers)
    }
}
