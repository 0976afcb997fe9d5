import Foundation
import Hummingbird

/// The Telegram Bot API's bot side under `/telegram/bot<token>/<method>` (GET or POST; JSON, form or
/// multipart parameters), answering in the `{"ok": …}` envelope: webhooks, commands, Stars invoices,
/// pre-checkout answers, refunds and the sends a bot makes. Any `<digits>:<chars>` token is a bot.
/// The user's side (paying, delivering updates) and the knobs are under `/telegram/_sim/…`.
struct TelegramSimulation: Sendable {
    let book = LockedState(TelegramState())
    let stats: SimulatorStats
    let poster = OutboundPost(timeoutSeconds: 10)

    /// Mounts the Bot API and the test routes.
    func add(to router: Router<BasicRequestContext>) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on("telegram/bot{token}/{method}", method: method) { request, context in
                stats.requestReceived()
                let token = context.parameters.get("token") ?? ""
                guard TelegramCall.isToken(token) else { return Self.failure(.unauthorized) }
                let body = try await request.body.collect(upTo: 64 << 20)
                let call = TelegramCall(
                    token: token, method: context.parameters.get("method") ?? "",
                    params: TelegramCall.params(of: request, body: body))
                switch await perform(call, context) {
                case .success(let success): return Self.json(success)
                case .failure(let error): return Self.failure(error)
                }
            }
        }
        addTestRoutes(to: router)
        addFileRoutes(to: router)
    }

    /// Runs `call` and records it: an injected failure or a blocked chat first, then the method.
    func perform(
        _ call: TelegramCall, _ context: BasicRequestContext, via: String? = nil
    ) async -> Result<TelegramWire.Success, TelegramError> {
        let refusal: TelegramError? = book.withLock { state in
            if let failure = state.knobs.takeFailure(method: call.method) { return failure }
            if Self.chatMethods.contains(call.name), let chat = call.chatNumber,
                state.knobs.blockedChats.contains(chat)
            {
                return .blocked
            }
            return nil
        }
        let outcome: Result<TelegramWire.Success, TelegramError>
        if let refusal {
            outcome = .failure(refusal)
        } else {
            do throws(TelegramError) {
                outcome = .success(try await dispatch(call, context))
            } catch {
                outcome = .failure(error)
            }
        }
        let failure: TelegramError? = if case .failure(let error) = outcome { error } else { nil }
        book.withLock { $0.record(call, error: failure, via: via) }
        return outcome
    }

    /// The method's answer.
    func dispatch(_ call: TelegramCall, _ context: BasicRequestContext) async throws(TelegramError)
        -> TelegramWire.Success
    {
        switch call.name {
        case "getme": return .init(result: Self.bot(call.token, full: true))
        case "setwebhook": return try setWebhook(call)
        case "deletewebhook": return deleteWebhook(call)
        case "getwebhookinfo": return .init(result: webhookInfo(call.token))
        case "setmycommands":
            guard let commands = call.json("commands")?.arrayValue else {
                throw .badRequest("commands must be an array")
            }
            book.withLock { $0.bots[call.token, default: .init()].commands = .array(commands) }
            return .init(result: .bool(true))
        case "getmycommands": return .init(result: book.withLock { $0.bots[call.token]?.commands ?? .array([]) })
        case "deletemycommands":
            book.withLock { $0.bots[call.token, default: .init()].commands = .array([]) }
            return .init(result: .bool(true))
        case "createinvoicelink": return .init(result: try createInvoiceLink(call))
        case "sendinvoice": return .init(result: try sendInvoice(call))
        case "answerprecheckoutquery": return .init(result: try answerPreCheckoutQuery(call))
        case "refundstarpayment": return .init(result: try refundStarPayment(call, context))
        case "sendmessage": return .init(result: try sendMessage(call))
        case "getfile": return .init(result: try getFile(call))
        case "editmessagetext": return .init(result: try editMessageText(call))
        case "answercallbackquery": return .init(result: try answerCallbackQuery(call))
        case "sendphoto": return .init(result: try sendMedia(call, kind: "photo"))
        case "senddocument": return .init(result: try sendMedia(call, kind: "document"))
        case "sendaudio": return .init(result: try sendMedia(call, kind: "audio"))
        case "sendvideo": return .init(result: try sendMedia(call, kind: "video"))
        default: throw .notFound
        }
    }

    /// The bot user of `token` (its id is the token's number); `full` adds `getMe`'s fields.
    static func bot(_ token: String, full: Bool = false) -> AnyJSON {
        var user: [String: AnyJSON] = [
            "id": .int(Int(token.prefix { $0 != ":" }) ?? 0), "is_bot": .bool(true),
            "first_name": .string("Tollgate Simulator"), "username": .string("tollgate_sim_bot"),
        ]
        if full {
            user["can_join_groups"] = .bool(true)
            user["can_read_all_group_messages"] = .bool(false)
            user["supports_inline_queries"] = .bool(false)
        }
        return .object(user)
    }

    /// Seconds since 1970, as the Bot API dates things.
    static var now: Int { Int(Date().timeIntervalSince1970) }

    /// A JSON answer.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: WireJSON.buffer(value))
        )
    }

    /// `error` in the envelope, with its code as the HTTP status.
    static func failure(_ error: TelegramError) -> Response {
        json(error.wire, status: .init(code: error.code))
    }
}
