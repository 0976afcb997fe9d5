extension Catalog {
    /// This catalog for a server that cannot convert a result to another format: every param that lists
    /// `upstream_values` takes only those (`ParamSpec.withoutConversion`), so `/models` and the 422s name what
    /// the upstream makes. Checked again as any catalog (an alias implying a converted value fails here).
    public func withoutConversion() throws(CatalogError) -> Catalog {
        try Catalog(models: models.map { $0.withParams($0.params.map { $0.withoutConversion() }) })
    }
}

extension ModelEntry {
    /// The same model taking `params` instead.
    func withParams(_ params: [ParamSpec]) -> ModelEntry {
        ModelEntry(
            slug: slug, name: name, category: category, provider: provider, upstreamModel: upstreamModel, tier: tier,
            mode: mode, vision: vision, deadlineSeconds: deadlineSeconds, description: description, price: price,
            params: params, fallbacks: fallbacks, aliases: aliases, renames: renames, unsupported: unsupported)
    }
}

extension ParamSpec {
    /// The param taking only what the upstream makes: `upstream_values` as its values, its default kept when it
    /// is one of them, else the first.
    public func withoutConversion() -> ParamSpec {
        guard let upstreamValues else { return self }
        return ParamSpec(
            name: name, type: type, values: upstreamValues, min: min, max: max, maxLength: maxLength,
            maxItems: maxItems,
            defaultValue: defaultValue.flatMap { upstreamValues.contains($0) ? $0 : nil } ?? upstreamValues.first,
            required: required, description: description, examples: examples,
            synonyms: synonyms?.filter { upstreamValues.contains(.string($0.value)) })
    }

    /// The value the upstream is asked for when the caller asked `value`: itself when the upstream makes it, else
    /// the first value it makes (the result is then converted to `value`).
    public func upstreamValue(for value: JSONValue) -> JSONValue {
        guard let upstreamValues, !upstreamValues.contains(value) else { return value }
        return upstreamValues[0]
    }
}
