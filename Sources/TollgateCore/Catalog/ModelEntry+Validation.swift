extension ModelEntry {
    /// What is inconsistent in this entry, or nil when it is sound: known provider, text ⇔ streaming,
    /// unique and self-consistent params, and a price rule whose axes are declared params with a cell for
    /// every combination of their values.
    public func problem() -> String? {
        guard !slug.isEmpty, slug.utf8.allSatisfy(Self.isSlugByte) else {
            return "slug must be lower-case letters, digits, '.' and '-'"
        }
        guard !name.isEmpty else { return "name is empty" }
        guard KnownProviders.contains(provider) else {
            let known = KnownProviders.displayNames.keys.sorted().joined(separator: ", ")
            return "unknown provider \"\(provider)\" (known: \(known))"
        }
        guard !upstreamModel.isEmpty else { return "upstream_model is empty" }
        guard deadlineSeconds > 0 else { return "deadline_seconds must be positive" }
        guard (category == .text) == (mode == .textStream) else {
            return "mode \(mode.rawValue) does not fit category \(category.rawValue)"
                + " (text models, and only they, are text_stream)"
        }
        guard !vision || category == .text else { return "only text models take vision input" }
        for route in fallbacks {
            guard KnownProviders.contains(route.provider), !route.upstreamModel.isEmpty else {
                return "fallback route \"\(route.provider)\" needs a known provider and an upstream_model"
            }
        }
        var seen: Set<String> = []
        for spec in params {
            guard seen.insert(spec.name).inserted else { return "param \"\(spec.name)\" is declared twice" }
            if let problem = spec.problem() { return problem }
        }
        for rename in renames {
            guard param(rename.from) == nil, param(rename.to) != nil else {
                return "rename \(rename.from) → \(rename.to) must name a new name and one of the params"
            }
        }
        for name in unsupported.keys where param(name) != nil || renames.contains(where: { $0.from == name }) {
            return "\(name) is listed as unsupported but is a param"
        }
        return price.problem(param: param)
    }

    private static func isSlugByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }
}
