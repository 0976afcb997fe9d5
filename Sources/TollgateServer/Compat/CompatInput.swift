import TollgateCore
import TollgateProviders
import TollgateServices

/// Builds a `GenerationInput` from a compatible-surface request. SDKs send options a given model may not
/// take (e.g. `top_p` to a GPT-5 model); those are left out rather than refused, but a value a model does
/// take is still checked against the catalog.
enum CompatInput {
    static func make(
        catalog: Catalog, slug: JSONValue?, messages: [ChatMessage], options: [String: JSONValue], stream: Bool
    ) throws -> GenerationInput {
        guard let slugText = slug?.stringValue else { throw APIError.badRequest("Missing required field 'model'.") }
        guard let model = catalog.model(slugText) else { throw APIError.notFound("No model with slug '\(slugText)'.") }
        guard model.category == .text else {
            throw APIError.validation(["model": "\(model.slug) is not a chat model"])
        }
        guard messages.contains(where: { $0.role == .user }) else {
            throw APIError.badRequest("Missing required field 'messages' with a user message.")
        }
        let params = options.filter { !$0.value.isNull && model.param($0.key) != nil }
        return GenerationInput(
            model: model, params: try model.resolveParams(params), messages: messages,
            prompt: messages.last(where: { $0.role == .user })?.text, stream: stream, callbackURL: nil)
    }
}
