import Hummingbird

/// One Bot API call: the bot's token, the method, and its parameters, read from the query string and
/// a JSON, URL-encoded or multipart body (file parts are recorded as `"<file name>"`).
struct TelegramCall: Sendable {
    var token: String
    var method: String
    var params: [String: AnyJSON]

    /// The method name in lowercase (the Bot API does not care about case).
    var name: String { method.lowercased() }

    /// Reads the parameters of `request`, whose body is `body`.
    static func params(of request: Request, body: ByteBuffer) -> [String: AnyJSON] {
        var params: [String: AnyJSON] = [:]
        for (name, value) in request.uri.queryParameters {
            params[String(name)] = .string(URLEncodedForm.decode(value))
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let bytes = Array(body.readableBytesView)
        if let boundary = MultipartBody.boundary(contentType: request.headers[.contentType]),
            let form = MultipartBody(bytes: bytes, boundary: boundary)
        {
            for part in form.parts {
                params[part.name] = .string(part.isFile ? "<file \(part.filename ?? part.name)>" : part.text)
            }
        } else if contentType.hasPrefix("application/x-www-form-urlencoded") {
            for (name, value) in URLEncodedForm.fields(String(buffer: body)) { params[name] = .string(value) }
        } else if let members = AnyJSON.decode(bytes)?.objectValue {
            params.merge(members) { _, body in body }
        }
        return params
    }

    /// The parameter `name` as text (a number is spelled out).
    func string(_ name: String) -> String? {
        switch params[name] {
        case .string(let text): text
        case .int(let number): String(number)
        default: nil
        }
    }

    /// The parameter `name` as a whole number.
    func int(_ name: String) -> Int? { params[name]?.intValue }

    /// The parameter `name` as a boolean.
    func bool(_ name: String) -> Bool? { params[name]?.boolValue }

    /// The parameter `name` as JSON: its value, or the JSON a form sent as text (`prices`, `reply_markup`).
    func json(_ name: String) -> AnyJSON? {
        guard let value = params[name] else { return nil }
        if case .string(let text) = value, let decoded = AnyJSON.decode(Array(text.utf8)) { return decoded }
        return value
    }

    /// The chat the call sends to: its `chat_id` as a number when it is one.
    var chatNumber: Int? { params["chat_id"]?.intValue }

    /// Whether `token` is shaped like a bot token: `<digits>:<letters, digits, _ and ->`.
    static func isToken(_ token: String) -> Bool {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigit), !parts[1].isEmpty else {
            return false
        }
        return parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
