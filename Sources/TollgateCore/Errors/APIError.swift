/// Which side a failure belongs to; it decides whether a fallback route is worth trying.
public enum FaultSide: String, Sendable {
    case caller, plan, provider, gateway
}

/// An error as a value: a stable code from SPEC §3, a human message, structured details,
/// the HTTP status it renders as and the side at fault. Never carries secrets or upstream bodies.
public struct APIError: Error, Sendable, Equatable {
    /// The machine-readable code, e.g. `validation_error`.
    public var code: String
    /// A human-readable message safe to show to the caller.
    public var message: String
    /// Structured details (`fields`, `required`, `available`, …).
    public var details: [String: JSONValue]
    /// The HTTP status code this error answers with.
    public var httpStatus: Int
    /// Who is at fault.
    public var side: FaultSide
    /// Extra top-level members of the envelope (the 429 body carries `retry_after`, `plan`, …).
    public var extra: [String: JSONValue]

    public init(
        code: String, message: String, status: Int, side: FaultSide,
        details: [String: JSONValue] = [:], extra: [String: JSONValue] = [:]
    ) {
        self.code = code
        self.message = message
        self.httpStatus = status
        self.side = side
        self.details = details
        self.extra = extra
    }

    /// The SPEC §3 envelope: `{"error", "message", "details"}` plus any extra members.
    public var envelope: JSONValue {
        var body: [String: JSONValue] = extra
        body["error"] = .string(code)
        body["message"] = .string(message)
        body["details"] = .object(details)
        return .object(body)
    }
}

extension APIError {
    public static func badRequest(_ message: String, details: [String: JSONValue] = [:]) -> APIError {
        APIError(code: "bad_request", message: message, status: 400, side: .caller, details: details)
    }

    public static func notAuthenticated(_ message: String = "Missing or invalid credentials.") -> APIError {
        APIError(code: "not_authenticated", message: message, status: 401, side: .caller)
    }

    public static func tokenExpired() -> APIError {
        APIError(
            code: "token_expired", message: "The access token has expired; refresh it.", status: 401, side: .caller)
    }

    public static func insufficientTokens(required: Int64, available: Int64) -> APIError {
        APIError(
            code: "insufficient_tokens",
            message: "This request costs \(required) tokens but only \(available) are available.",
            status: 402, side: .plan,
            details: ["required": .int(required), "available": .int(available)]
        )
    }

    public static func insufficientPlan(_ message: String, requiredPlan: String) -> APIError {
        APIError(
            code: "insufficient_plan", message: message, status: 403, side: .plan,
            details: ["required_plan": .string(requiredPlan)]
        )
    }

    /// 403 `account_blocked` [ext]: an operator blocked the account; its keys and sessions stop working.
    public static func accountBlocked() -> APIError {
        APIError(
            code: "account_blocked", message: "This account is blocked. Contact support.", status: 403, side: .caller)
    }

    public static func notFound(_ message: String = "Not found.") -> APIError {
        APIError(code: "not_found", message: message, status: 404, side: .caller)
    }

    public static func conflict(_ message: String, details: [String: JSONValue] = [:]) -> APIError {
        APIError(code: "conflict", message: message, status: 409, side: .caller, details: details)
    }

    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(
            code: "payload_too_large", message: "The request body is larger than \(limit) bytes.",
            status: 413, side: .caller, details: ["limit_bytes": .int(Int64(limit))]
        )
    }

    /// A 422 naming each bad field with its reason.
    public static func validation(_ fields: [String: String]) -> APIError {
        let names = fields.keys.sorted().joined(separator: ", ")
        return APIError(
            code: "validation_error", message: "Invalid value for: \(names).", status: 422, side: .caller,
            details: ["fields": .object(fields.mapValues { .string($0) })]
        )
    }

    public static func modelUnavailable(_ message: String) -> APIError {
        APIError(code: "model_unavailable", message: message, status: 503, side: .provider)
    }

    public static func providerError(_ message: String, generationID: Int64? = nil) -> APIError {
        var details: [String: JSONValue] = [:]
        if let generationID { details["generation_id"] = .int(generationID) }
        return APIError(code: "provider_error", message: message, status: 500, side: .provider, details: details)
    }

    public static func providerTimeout(_ message: String, generationID: Int64? = nil) -> APIError {
        var details: [String: JSONValue] = [:]
        if let generationID { details["generation_id"] = .int(generationID) }
        return APIError(code: "provider_timeout", message: message, status: 504, side: .provider, details: details)
    }

    public static func `internal`(_ message: String = "Internal error.") -> APIError {
        APIError(code: "internal_error", message: message, status: 500, side: .gateway)
    }
}

extension APIError: CustomStringConvertible {
    public var description: String {
        if case .object(let fields)? = details["fields"] {
            let reasons = fields.keys.sorted().map { "\($0): \(fields[$0]?.stringValue ?? "")" }.joined(separator: "; ")
            return "\(code): \(message) \(reasons)"
        }
        return "\(code): \(message)"
    }
}
