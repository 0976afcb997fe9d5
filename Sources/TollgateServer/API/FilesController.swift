import HTTPTypes
import Hummingbird
import NIOCore
import TollgateServices

/// `GET /files/<token>.<ext>`: result files at unguessable URLs, with their content type.
struct FilesController {
    let files: FileService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("files/:name") { _, context in
            let (bytes, contentType) = try await files.serve(name: context.parameters.get("name") ?? "")
            var headers = HTTPFields()
            headers[.contentType] = contentType
            headers[.cacheControl] = "private, max-age=86400"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
