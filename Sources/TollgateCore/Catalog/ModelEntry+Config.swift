extension ModelEntry {
    /// Param name → the Elumenta-style `config` key listing its allowed values (`sizes`, `formats`,
    /// `quality_options` are documented by Elumenta; the others follow the same pattern).
    private static let valueListKeys: [(param: String, key: String)] = [
        ("size", "sizes"), ("format", "formats"), ("quality", "quality_options"), ("style", "styles"),
        ("voice_id", "voices"), ("duration", "durations"), ("aspect_ratio", "aspect_ratios"),
        ("resolution", "resolutions"),
    ]

    /// The `config` object of `GET /api/v2/models/{slug}`: every param with its type, allowed values or range,
    /// default and whether it is required (`params`, in catalog order), the defaults (`defaults`), the price
    /// rule (`pricing`), and the Elumenta value lists where they apply (dall-e-3: `sizes`, `formats`,
    /// `quality_options`).
    public func configJSON() -> JSONValue {
        var config: [String: JSONValue] = [
            "params": .array(params.map(\.jsonValue)),
            "defaults": .object(defaultParams),
            "pricing": price.jsonValue,
        ]
        for (paramName, key) in Self.valueListKeys {
            guard let spec = param(paramName) else { continue }
            if let values = spec.values {
                config[key] = .array(values)
            } else if let examples = spec.examples {
                config[key] = .array(examples.map(JSONValue.string))
            }
        }
        if case .perMinute(let rule) = price {
            config["max_source_seconds"] = .int(Int64(rule.maxSourceSeconds))
        }
        return .object(config)
    }
}
