import Foundation

/// A refusal in YooKassa's terms: the HTTP status, the error `code`, a description and the parameter
/// at fault; it renders itself as YooKassa's error body.
struct YooKassaError: Error, Sendable {
    var status: Int
    var code: String
    var description: String
    var parameter: String?

    /// 400 `invalid_request`.
    static func invalidRequest(_ description: String, parameter: String? = nil) -> YooKassaError {
        YooKassaError(status: 400, code: "invalid_request", description: description, parameter: parameter)
    }

    /// 401 `invalid_credentials`: no Basic credentials, or an empty shop id or secret key.
    static let invalidCredentials = YooKassaError(
        status: 401, code: "invalid_credentials",
        description: "Error in shopId or secret key. Check their validity. You can reissue the key in the "
            + "Merchant Profile",
        parameter: "Authorization")

    /// 404 `not_found`.
    static func notFound(_ description: String) -> YooKassaError {
        YooKassaError(status: 404, code: "not_found", description: description)
    }

    /// The error YooKassa answers with `status` (the `fail_next_creates` knob).
    static func injected(status: Int) -> YooKassaError {
        let (code, description) =
            switch status {
            case 400: ("invalid_request", "Invalid request (simulated)")
            case 401: ("invalid_credentials", "Authentication error (simulated)")
            case 403: ("forbidden", "Operation is forbidden (simulated)")
            case 404: ("not_found", "Object not found (simulated)")
            case 429: ("too_many_requests", "Too many requests (simulated)")
            default:
                (
                    "internal_server_error",
                    "Internal server error (simulated): the result is unknown, repeat the request with the "
                        + "same Idempotence-Key"
                )
            }
        return YooKassaError(status: status, code: code, description: description)
    }

    /// The error body, with a fresh error id.
    var wire: YooKassaWire.ErrorBody {
        .init(id: UUID().uuidString.lowercased(), code: code, description: description, parameter: parameter)
    }
}
