/// How a simulated media job fails (the `job_fail` knob): in the provider's own failure shape, with
/// its generic wording or its content-policy wording.
public enum SimulatedJobFailure: String, Sendable, Equatable {
    /// The provider's job fails for its own reasons (`job_fail=1`, `true`, `error`).
    case error
    /// The provider refuses the content (`job_fail=nsfw`, `policy`).
    case nsfw

    /// Reads a `job_fail` value: `none`/`off`/`0`/`false` → `.some(nil)` (clears), a failure kind →
    /// `.some(kind)`, anything else → `nil` (ignored).
    static func knob(_ value: some StringProtocol) -> SimulatedJobFailure?? {
        switch value.lowercased() {
        case "none", "off", "0", "false", "no", "null", "": .some(nil)
        case "1", "true", "yes", "error", "fail", "failed": .some(.error)
        case "nsfw", "policy", "content_policy", "moderation", "safety": .some(.nsfw)
        default: nil
        }
    }
}
