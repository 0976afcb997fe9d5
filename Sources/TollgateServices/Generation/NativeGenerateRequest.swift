import TollgateCore
import TollgateProviders

/// Reads the body of `POST /api/v2/generate` (SPEC §5) into a `GenerationInput`: model options may sit
/// in `params` or at the top level; text models take `prompt`, `messages` and `system`.
public enum NativeGenerateRequest {
    static let reserved: Set<String> = ["model", "prompt", "messages", "system", "params", "stream", "callback_url"]

    /// `preferences` are the caller's saved choices for params the request leaves out (the `image_format` setting
    /// as `format`), each used only where the model takes that value.
    public static func parse(
        _ body: JSONValue, catalog: Catalog, forceStream: Bool, preferences: [String: JSONValue] = [:]
    ) throws -> GenerationInput {
        guard case .object(let fields) = body else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        guard let slug = fields["model"] else { throw APIError.badRequest("Missing required field 'model'.") }
        guard let slugText = slug.stringValue else { throw APIError.validation(["model": "must be a string"]) }
        guard let model = catalog.model(slugText) else { throw APIError.notFound("No model with slug '\(slugText)'.") }

        var params: [String: JSONValue]
        switch fields["params"] {
        case nil, .null?: params = [:]
        case .object(let object)?: params = object
        default: throw APIError.validation(["params": "must be an object"])
        }
        for (key, value) in fields where !reserved.contains(key) {
            if let existing = params[key], existing != value {
                throw APIError.validation([
                    "params.\(key)": "is given at the top level and in params with different values"
                ])
            }
            params[key] = value
        }
        try catalog.alias(slugText)?.apply(to: &params)
        for (name, value) in preferences where params[name] == nil && model.param(name)?.accepts(value) == true {
            params[name] = value
        }
        let stream: Bool
        switch fields["stream"] {
        case nil, .null?: stream = forceStream
        case .bool(let flag)?: stream = flag || forceStream
        default: throw APIError.validation(["stream": "must be a boolean"])
        }
        if stream && !model.supportsStreaming {
            throw APIError.validation(["stream": "model \(model.slug) does not stream; only text models do"])
        }
        let callbackURL = try callback(fields["callback_url"])
        let prompt = try string(fields["prompt"], field: "prompt")

        guard model.category != .stt else {
            throw APIError.validation([
                "model": "\(model.slug) transcribes an upload: POST /api/v2/stt (multipart, field audio)"
            ])
        }
        guard model.category == .text else {
            // Speech models take the prompt as their text when `text` is absent.
            if model.param("text") != nil, params["text"] == nil, let prompt { params["text"] = .string(prompt) }
            var resolved = try model.resolveParams(params)
            // A model that takes a seed gets one when none is given, so the answer can name it (reproducible).
            if let seed = model.param("seed"), resolved["seed"] == nil {
                resolved["seed"] = .int(Int64.random(in: Int64(seed.min ?? 0)...Int64(seed.max ?? 2_147_483_647)))
            }
            return GenerationInput(
                model: model, params: resolved, messages: [], prompt: prompt ?? resolved["text"]?.stringValue,
                stream: false, callbackURL: callbackURL)
        }

        // `messages` and the system prompt may also come inside params (the create page's variant).
        let messagesValue = fields["messages"] ?? params.removeValue(forKey: "messages")
        var system = try string(fields["system"], field: "system")
        if let fromParams = params.removeValue(forKey: "system_prompt") {
            guard let text = fromParams.stringValue else {
                throw APIError.validation(["params.system_prompt": "must be a string"])
            }
            system = system ?? text
        }
        let resolved = try model.resolveParams(params)
        var messages: [ChatMessage] = []
        if let system, !system.isEmpty { messages.append(ChatMessage(role: .system, text: system)) }
        if let messagesValue, !messagesValue.isNull {
            messages += try ChatMessages.parse(messagesValue, field: "messages", allowImages: model.vision)
        }
        if let prompt, !prompt.isEmpty { messages.append(ChatMessage(role: .user, text: prompt)) }
        guard messages.contains(where: { $0.role == .user }) else {
            throw APIError.badRequest("Missing required field 'prompt' (or 'messages' with a user message).")
        }
        let storedPrompt = prompt ?? messages.last(where: { $0.role == .user })?.text
        return GenerationInput(
            model: model, params: resolved, messages: messages, prompt: storedPrompt, stream: stream,
            callbackURL: callbackURL)
    }

    static func string(_ value: JSONValue?, field: String) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw APIError.validation([field: "must be a string"])
        }
    }

    static func callback(_ value: JSONValue?) throws -> String? {
        guard let text = try string(value, field: "callback_url") else { return nil }
        guard text.count <= 2048, text.hasPrefix("https://") || text.hasPrefix("http://") else {
            throw APIError.validation(["callback_url": "must be an http(s) URL"])
        }
        return text
    }

    /// Whether a body names a model with a param a saved setting can fill (`format`) and leaves it out: only then
    /// are the caller's settings worth reading.
    public static func takesPreferences(_ body: JSONValue, catalog: Catalog) -> Bool {
        guard case .object(let fields) = body, let slug = fields["model"]?.stringValue,
            catalog.model(slug)?.param("format") != nil
        else { return false }
        return fields["format"] == nil && fields["params"]?.objectValue?["format"] == nil
    }
}

/// OpenAI-shaped `messages` (roles system/user/assistant; content a string or text and image parts).
public enum ChatMessages {
    public static func parse(_ value: JSONValue, field: String, allowImages: Bool) throws -> [ChatMessage] {
        guard case .array(let items) = value else { throw APIError.validation([field: "must be an array of messages"]) }
        guard items.count <= 1000 else { throw APIError.validation([field: "has more than 1000 messages"]) }
        return try items.enumerated().map { index, item in
            let path = "\(field)[\(index)]"
            guard case .object(let message) = item else { throw APIError.validation([path: "must be an object"]) }
            guard let roleText = message["role"]?.stringValue, let role = ChatRole(rawValue: roleText) else {
                throw APIError.validation(["\(path).role": "must be one of system, user, assistant"])
            }
            return ChatMessage(
                role: role, parts: try parts(message["content"], path: "\(path).content", allowImages: allowImages))
        }
    }

    static func parts(_ content: JSONValue?, path: String, allowImages: Bool) throws -> [ContentPart] {
        switch content {
        case .string(let text)?:
            return [.text(text)]
        case .array(let items)?:
            return try items.enumerated().map { index, item in
                let partPath = "\(path)[\(index)]"
                guard case .object(let part) = item, let type = part["type"]?.stringValue else {
                    throw APIError.validation([partPath: "must be an object with a type"])
                }
                switch type {
                case "text":
                    guard let text = part["text"]?.stringValue else {
                        throw APIError.validation(["\(partPath).text": "must be a string"])
                    }
                    return .text(text)
                case "image_url":
                    guard allowImages else {
                        throw APIError.validation([partPath: "this model does not accept images"])
                    }
                    let url = part["image_url"]?.objectValue?["url"]?.stringValue ?? part["image_url"]?.stringValue
                    guard let url, url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("data:image/")
                    else {
                        throw APIError.validation(["\(partPath).image_url": "must be an http(s) or data:image URL"])
                    }
                    return .imageURL(url)
                default:
                    throw APIError.validation(["\(partPath).type": "must be text or image_url"])
                }
            }
        default:
            throw APIError.validation([path: "must be a string or an array of parts"])
        }
    }
}
