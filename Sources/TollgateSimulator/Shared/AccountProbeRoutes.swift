import Hummingbird

/// The cheap authenticated reads each provider offers — its model list or its account — which
/// `tollgate doctor` calls to check a key. Each checks the key as the provider's own routes do (so the
/// refused key answers 401 in the provider's error shape) and answers a minimal body of the real shape.
struct AccountProbeRoutes: Sendable {
    let media: MediaResponder

    func add(to router: Router<BasicRequestContext>) {
        let openAI = OpenAISimulation()
        mount(router, "openai/v1/models", openAI.authenticate, openAI.errorResponse, #"{"object":"list","data":[]}"#)
        let anthropic = AnthropicSimulation()
        mount(
            router, "anthropic/v1/models", anthropic.authenticate, anthropic.errorResponse,
            #"{"data":[],"has_more":false,"first_id":null,"last_id":null}"#)
        let gemini = GeminiSimulation()
        mount(router, "google/v1beta/models", gemini.authenticate, gemini.errorResponse, #"{"models":[]}"#)
        let deepSeek = DeepSeekSimulation()
        mount(router, "deepseek/models", deepSeek.authenticate, deepSeek.errorResponse, #"{"object":"list","data":[]}"#)
        let xAI = XAISimulation()
        mount(router, "xai/v1/models", xAI.authenticate, xAI.errorResponse, #"{"object":"list","data":[]}"#)
        let replicate = ReplicateSimulation(media: media)
        mount(
            router, "replicate/v1/account", replicate.authenticate, replicate.errorResponse,
            #"{"type":"user","username":"simulator","name":"Simulator","github_url":null}"#)
        let luma = LumaSimulation(media: media)
        mount(
            router, "luma/dream-machine/v1/generations", luma.authenticate, luma.errorResponse,
            #"{"generations":[],"has_more":false,"count":0}"#)
        let elevenLabs = ElevenLabsSimulation(media: media)
        mount(
            router, "elevenlabs/v1/user", elevenLabs.authenticate, elevenLabs.errorResponse,
            #"{"user_id":"simulator","subscription":{"tier":"creator","character_count":0,"character_limit":100000}}"#)
    }

    private func mount(
        _ router: Router<BasicRequestContext>, _ path: String,
        _ authenticate: @escaping @Sendable (Request) -> SimulatedFailure?,
        _ errorResponse: @escaping @Sendable (SimulatedFailure) -> Response, _ body: String
    ) {
        router.get(RouterPath(path)) { request, _ in
            if let failure = authenticate(request) { return errorResponse(failure) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}
