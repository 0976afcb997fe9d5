extension ModelEntry {
    /// Checks a request's `params` against this model and returns them resolved: `null`s dropped, values in
    /// canonical form, defaults filled in. Unknown names, values outside the allowed set, range or type, and
    /// missing required params all fail together in one 422 naming every bad field (`params.size`, …).
    ///
    /// Top-level request options must already be merged into `params`, and for TTS models a `prompt` given
    /// instead of `text` must already be copied to `params.text`.
    public func resolveParams(_ params: [String: JSONValue]) throws(APIError) -> [String: JSONValue] {
        var failures: [String: String] = [:]
        let resolved = resolve(params, failures: &failures)
        if !failures.isEmpty { throw .validation(failures) }
        return resolved
    }

    /// The price of `count` identical requests with `params` (`POST /models/{slug}/calculate-price`).
    /// `count` must be 1…10; the bounds are multiplied by `count` as well, so min ≤ cost ≤ max holds. Only the
    /// params the price depends on are needed (SPEC §5): a required content param (`image_url`, a TTS `text`)
    /// may be left out, while a bad value of any param given is still a 422.
    public func quote(_ params: [String: JSONValue], count: Int = 1) throws(APIError) -> PriceQuote {
        var failures: [String: String] = [:]
        let resolved = resolve(params, failures: &failures, priceParamsOnly: true)
        if !(1...10).contains(count) { failures["count"] = "must be an integer from 1 to 10" }
        if !failures.isEmpty { throw .validation(failures) }
        let times = Int64(count)
        return PriceQuote(
            tokenCost: price.price(resolved) * times,
            minTokenCost: price.minPrice * times,
            maxTokenCost: price.maxPrice * times,
            pricingType: price.pricingType)
    }

    /// The resolving pass shared by `resolveParams` and `quote`. On the happy path it allocates only the
    /// dictionary it returns (sized once); failure messages are prebuilt, only the field names are new strings.
    func resolve(
        _ params: [String: JSONValue], failures: inout [String: String], priceParamsOnly: Bool = false
    ) -> [String: JSONValue] {
        var resolved = [String: JSONValue](minimumCapacity: self.params.count)
        var recognised = 0
        for spec in self.params {
            var given = params[spec.name]
            if let value = given {
                recognised += 1
                switch spec.check(value) {
                case .valid: break
                case .absent: given = nil
                case .normalized(let canonical): given = canonical
                case .invalid:
                    failures["params." + spec.name] = spec.invalidReason
                    continue
                }
            }
            if let value = given ?? spec.defaultValue {
                resolved[spec.name] = value
            } else if spec.required, !priceParamsOnly || price.axes.contains(spec.name) {
                failures["params." + spec.name] = "is required"
            }
        }
        if recognised < params.count {
            for key in params.keys where paramIndex[key] == nil {
                if let rename = renames.first(where: { $0.from == key }), let value = params[key] {
                    resolveRenamed(rename, value, given: params, into: &resolved, failures: &failures)
                } else {
                    failures["params." + key] =
                        unsupported[key].map { "is not taken by this model: " + $0 }
                        ?? unknownParamReason
                }
            }
        }
        return resolved
    }

    /// A param given under another name (a `ParamRename`): checked and resolved as the param it stands for, unless
    /// that param was given as well (then both must agree).
    private func resolveRenamed(
        _ rename: ParamRename, _ value: JSONValue, given params: [String: JSONValue],
        into resolved: inout [String: JSONValue], failures: inout [String: String]
    ) {
        guard let spec = param(rename.to) else { return }
        let translated = rename.translated(value)
        let canonical: JSONValue?
        switch spec.check(translated) {
        case .valid: canonical = translated
        case .normalized(let normal): canonical = normal
        case .absent: return
        case .invalid:
            let also = (rename.values.map { Array($0.keys) } ?? []).sorted()
            failures["params." + rename.from] =
                "stands for \(rename.to), which \(spec.invalidReason)"
                + (also.isEmpty ? "" : " (or " + also.joined(separator: ", ") + ")")
            return
        }
        if params[rename.to] != nil, resolved[rename.to] != canonical {
            failures["params." + rename.from] = "contradicts params.\(rename.to) (it stands for \(rename.to))"
            return
        }
        resolved[rename.to] = canonical
    }
}
