/// A param the docs name differently for a model, read as one of its own: MidJourney's `size` given as an aspect
/// ratio is its `aspect_ratio`; `size: "1024x1024"` on a model that takes ratios is `aspect_ratio: "1:1"`. Values
/// pass through `values` when it has them (a value it lacks is checked as is).
public struct ParamRename: Sendable, Codable, Equatable {
    /// The name the request uses.
    public let from: String
    /// The model's own param it stands for.
    public let to: String
    /// Values translated on the way (`1024x1024` → `1:1`).
    public let values: [String: String]?

    public init(from: String, to: String, values: [String: String]? = nil) {
        self.from = from
        self.to = to
        self.values = values
    }

    /// The value for `to`.
    func translated(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value, let mapped = values?[text] else { return value }
        return .string(mapped)
    }
}
