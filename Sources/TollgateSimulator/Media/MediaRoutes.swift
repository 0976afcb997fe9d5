import Hummingbird

/// Mounts the media APIs of every provider (OpenAI, Replicate, Luma, MidJourney through LegNext,
/// ElevenLabs) and the route serving generated result files.
struct MediaRoutes: Sendable {
    let media: MediaResponder

    /// The provider prefixes under which the file route is also mounted.
    static let providers = ["openai", "replicate", "luma", "midjourney", "elevenlabs"]

    func add(to router: Router<BasicRequestContext>) {
        MediaOpenAI(media: media).add(to: router)
        ReplicateSimulation(media: media).add(to: router)
        LumaSimulation(media: media).add(to: router)
        LegNextSimulation(media: media).add(to: router)
        ElevenLabsSimulation(media: media).add(to: router)
        AccountProbeRoutes(media: media).add(to: router)

        let files = FileRoute(stats: media.stats)
        router.get("files/{name}") { _, context in files.serve(context.parameters.get("name")) }
        for provider in Self.providers {
            router.get("\(provider)/files/{name}") { _, context in files.serve(context.parameters.get("name")) }
        }
    }
}

/// `GET /files/{name}`: the generated file the name describes (see `ResultFile`), or 404.
struct FileRoute: Sendable {
    let stats: SimulatorStats

    func serve(_ name: String?) -> Response {
        guard let name, let file = ResultFile(name: name) else {
            return Response(
                status: .notFound, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"error":"no such file"}"#)))
        }
        stats.fileServed()
        var headers: HTTPFields = [.contentType: file.format.contentType]
        headers[.cacheControl] = "public, max-age=86400, immutable"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes())))
    }
}
