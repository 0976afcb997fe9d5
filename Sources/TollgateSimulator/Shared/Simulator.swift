import Hummingbird

/// The provider simulator: a Hummingbird app serving the upstream HTTP APIs of OpenAI, Anthropic,
/// Google (Gemini), DeepSeek and xAI, each under its provider id (`/openai/v1/chat/completions`, …),
/// the media APIs of OpenAI, Replicate, Luma, MidJourney (LegNext) and ElevenLabs (see `MediaRoutes`),
/// the payment side of YooKassa (`/yookassa/v3`) and of the Telegram Bot API (`/telegram/bot<token>/…`), Google
/// sign-in (`/google-oauth`) and SMS.ru (`/smsru`),
/// generated result files at `GET /files/{name}`, plus `GET /_simulator/stats` and `GET /healthz`.
public struct Simulator: Sendable {
    /// The counters of this simulator's app.
    public let stats: SimulatorStats
    /// The configuration it was built with.
    public let configuration: SimulatorConfiguration

    /// Builds the simulator's app (run it with `runService()` or as a service) and its handle.
    public static func build(
        configuration: SimulatorConfiguration
    ) -> (app: some ApplicationProtocol, simulator: Simulator) {
        build(configuration: configuration, onServerRunning: { _ in })
    }

    /// Builds the simulator's app; `onServerRunning` receives the bound port once it listens
    /// (how callers on port 0 learn it).
    public static func build(
        configuration: SimulatorConfiguration,
        onServerRunning: @escaping @Sendable (Int) async -> Void
    ) -> (app: some ApplicationProtocol, simulator: Simulator) {
        let simulator = Simulator(stats: SimulatorStats(), configuration: configuration)
        let app = Application(
            router: simulator.router(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "tollgate-simulator"
            ),
            onServerRunning: { channel in
                await onServerRunning(channel.localAddress?.port ?? configuration.port)
            }
        )
        return (app, simulator)
    }

    /// The router with every provider's routes.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let responder = SimulatorResponder(defaults: configuration.defaults, stats: stats)
        SimulatorRoutes(responder: responder).add(to: router)
        let media = MediaResponder(
            defaults: configuration.defaults, stats: stats, jobs: JobBook(stats: stats, now: configuration.jobClock),
            fileBaseURL: configuration.fileBaseURL)
        MediaRoutes(media: media).add(to: router)
        YooKassaSimulation(stats: stats, baseURL: configuration.fileBaseURL).add(to: router)
        TelegramSimulation(stats: stats).add(to: router)
        GoogleSignInSimulation().add(to: router)
        SMSRuSimulation().add(to: router)
        router.get("healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("_simulator/stats") { [stats] _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: WireJSON.buffer(stats.snapshot)))
        }
        return router
    }
}
