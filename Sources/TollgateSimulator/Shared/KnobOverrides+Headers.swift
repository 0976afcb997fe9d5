import Hummingbird

extension KnobOverrides {
    /// The overrides set by `X-Sim-*` headers: `X-Sim-Latency-Ms`, `X-Sim-Chunk-Ms`, `X-Sim-Chunks`,
    /// `X-Sim-Error`, `X-Sim-Error-Rate`, `X-Sim-Stall-After`, `X-Sim-Cut-After`, `X-Sim-Error-After`,
    /// `X-Sim-Job-Ms`, `X-Sim-Job-Fail` (each the directive key with `-` for `_`).
    public init(headers: HTTPFields) {
        self.init()
        for field in headers {
            let name = field.name.canonicalName
            guard name.hasPrefix("x-sim-") else { continue }
            let key = name.dropFirst("x-sim-".count).replacingDashes
            set(key, to: field.value)
        }
    }
}

extension Substring {
    fileprivate var replacingDashes: String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
