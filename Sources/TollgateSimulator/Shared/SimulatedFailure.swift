/// A refusal the simulator answers with, rendered by each provider in its own error format.
struct SimulatedFailure: Error, Sendable {
    /// Why the request is refused.
    enum Reason: Sendable {
        /// No credentials were sent.
        case missingKey
        /// The credentials were refused (`sim-invalid-key`).
        case invalidKey
        /// The request did not parse or lacks a required field.
        case invalidRequest
        /// The `error` / `error_rate` knobs.
        case injected
        /// No such route or method.
        case notFound
    }

    /// The HTTP status.
    var status: Int
    /// Why.
    var reason: Reason
    /// A message for the body; providers fill in their own wording when `nil`.
    var message: String?

    /// The key the simulator always refuses, so tests can exercise the provider's 401.
    static let refusedKey = "sim-invalid-key"

    static let missingKey = SimulatedFailure(status: 401, reason: .missingKey)
    static let invalidKey = SimulatedFailure(status: 401, reason: .invalidKey)

    static func invalidRequest(_ message: String) -> SimulatedFailure {
        SimulatedFailure(status: 400, reason: .invalidRequest, message: message)
    }

    static func injected(status: Int) -> SimulatedFailure {
        SimulatedFailure(status: status, reason: .injected)
    }
}
