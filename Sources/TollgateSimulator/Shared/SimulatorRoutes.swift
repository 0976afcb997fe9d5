import Foundation
import Hummingbird

/// Mounts each provider's API under its id.
struct SimulatorRoutes: Sendable {
    let responder: SimulatorResponder

    func add(to router: Router<BasicRequestContext>) {
        let openAI = OpenAISimulation()
        router.post("openai/v1/chat/completions") { request, _ in
            try await responder.respond(to: request, as: openAI)
        }

        let anthropic = AnthropicSimulation()
        router.post("anthropic/v1/messages") { request, _ in
            try await responder.respond(to: request, as: anthropic)
        }

        let gemini = GeminiSimulation()
        // The method is part of the last segment (`gemini-2.5-flash:generateContent`): capture the
        // segment and split it at its last colon.
        router.post("google/v1beta/models/{action}") { request, context in
            let action = context.parameters.get("action") ?? ""
            guard let route = GeminiSimulation.route(action: action, query: request.uri.queryParameters.get("alt"))
            else {
                return gemini.errorResponse(SimulatedFailure(status: 404, reason: .notFound))
            }
            return try await responder.respond(to: request, as: gemini, route: route)
        }

        let deepSeek = DeepSeekSimulation()
        router.post("deepseek/chat/completions") { request, _ in
            try await responder.respond(to: request, as: deepSeek)
        }
        router.post("deepseek/v1/chat/completions") { request, _ in
            try await responder.respond(to: request, as: deepSeek)
        }

        let xAI = XAISimulation()
        router.post("xai/v1/chat/completions") { request, _ in
            try await responder.respond(to: request, as: xAI)
        }
    }
}
