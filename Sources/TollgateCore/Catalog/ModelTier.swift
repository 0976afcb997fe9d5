/// Which plans reach a model: Starter-tier models are open to every plan, Basic-tier ones need a paid plan.
public enum ModelTier: String, Sendable, Codable, CaseIterable {
    case starter
    case basic

    /// The lowest plan code that may use a model of this tier (`min_plan` in the API).
    public var minPlan: String {
        switch self {
        case .starter: "free"
        case .basic: "basic"
        }
    }
}
