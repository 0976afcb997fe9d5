/// The outcome of checking one caller-supplied value against its `ParamSpec`.
enum ParamCheck: Equatable {
    /// Acceptable as given.
    case valid
    /// `null`: treated as if the caller had not given the parameter.
    case absent
    /// Acceptable once rewritten to its canonical form (e.g. `5.0` → `5` for an integer).
    case normalized(JSONValue)
    /// Not acceptable; the reason is the spec's `invalidReason`.
    case invalid
}

extension ParamSpec {
    /// Whether `value` is one this param takes (as given or in its canonical form).
    public func accepts(_ value: JSONValue) -> Bool {
        switch check(value) {
        case .valid, .normalized: true
        case .absent, .invalid: false
        }
    }

    /// Checks a caller's value. Allocation-free on the common paths: it runs for every parameter of every request.
    func check(_ value: JSONValue) -> ParamCheck {
        if case .null = value { return .absent }
        switch type {
        case .string:
            guard case .string(let text) = value else { return .invalid }
            if let values {
                if values.contains(value) { return .valid }
                return synonyms?[text].map { .normalized(.string($0)) } ?? .invalid
            }
            return fits(text, allowEmpty: !required) ? .valid : .invalid
        case .integer:
            guard let number = value.intValue else { return .invalid }
            if let values {
                guard values.contains(.int(number)) else { return .invalid }
            } else if let min, Double(number) < min {
                return .invalid
            } else if let max, Double(number) > max {
                return .invalid
            }
            if case .int = value { return .valid }
            return .normalized(.int(number))
        case .number:
            guard let number = value.doubleValue, number.isFinite else { return .invalid }
            if let min, number < min { return .invalid }
            if let max, number > max { return .invalid }
            return .valid
        case .boolean:
            guard case .bool = value else { return .invalid }
            return .valid
        case .url:
            guard case .string(let text) = value, Self.isWebURL(text), fits(text, allowEmpty: false) else {
                return .invalid
            }
            return .valid
        case .stringList:
            return checkStringList(value)
        case .dialogue:
            return checkDialogue(value)
        }
    }

    /// Whether `text` is within `maxLength` characters (and non-empty unless allowed).
    private func fits(_ text: String, allowEmpty: Bool) -> Bool {
        if !allowEmpty && text.isEmpty { return false }
        guard let maxLength else { return true }
        // UTF-8 length bounds the character count from above, so the slow count runs only for long text.
        return text.utf8.count <= maxLength || text.count <= maxLength
    }

    private func checkStringList(_ value: JSONValue) -> ParamCheck {
        switch value {
        case .string(let text):
            return fits(text, allowEmpty: false) ? .normalized(.array([value])) : .invalid
        case .array(let items):
            guard !items.isEmpty, items.count <= (maxItems ?? Int.max) else { return .invalid }
            for item in items {
                guard case .string(let text) = item, fits(text, allowEmpty: false) else { return .invalid }
            }
            return .valid
        default:
            return .invalid
        }
    }

    private func checkDialogue(_ value: JSONValue) -> ParamCheck {
        guard case .array(let lines) = value, !lines.isEmpty, lines.count <= (maxItems ?? Int.max) else {
            return .invalid
        }
        var characters = 0
        for line in lines {
            guard case .object(let members) = line, members.count == 2,
                case .string(let text)? = members["text"], !text.isEmpty,
                case .string(let voice)? = members["voice_id"], !voice.isEmpty, voice.utf8.count <= 128
            else { return .invalid }
            characters += text.count
        }
        return characters <= (maxLength ?? Int.max) ? .valid : .invalid
    }

    /// `http://` or `https://` (any case) followed by a host, with no whitespace. Does not allocate.
    public static func isWebURL(_ text: String) -> Bool {
        let utf8 = text.utf8
        var index = utf8.startIndex
        func next(_ expected: UInt8, caseInsensitive: Bool = true) -> Bool {
            guard index != utf8.endIndex else { return false }
            let byte = utf8[index]
            let folded = caseInsensitive && (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            guard folded == expected else { return false }
            index = utf8.index(after: index)
            return true
        }
        for byte in "http".utf8 where !next(byte) { return false }
        _ = next(UInt8(ascii: "s"))
        for byte in "://".utf8 where !next(byte, caseInsensitive: false) { return false }
        var hostLength = 0
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte <= 0x20 || byte == 0x7F { return false }
            hostLength += 1
            index = utf8.index(after: index)
        }
        return hostLength > 0
    }

    /// What is inconsistent in this spec, or nil when it is sound. Used when a catalog loads.
    public func problem() -> String? {
        let label = "param \"\(name)\""
        let isNameByte = { (byte: UInt8) in
            byte == UInt8(ascii: "_") || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
        }
        guard !name.isEmpty, name.utf8.allSatisfy(isNameByte) else {
            return "\(label): names are lower-case letters, digits and underscores"
        }
        if let values {
            guard type == .string || type == .integer else {
                return "\(label): only string and integer params take values"
            }
            guard !values.isEmpty else { return "\(label): values is empty" }
            for value in values {
                let fitsType: Bool
                switch (type, value) {
                case (.string, .string), (.integer, .int): fitsType = true
                default: fitsType = false
                }
                guard fitsType else { return "\(label): value \(value.catalogText) is not a \(type.rawValue)" }
            }
            guard Set(values.compactMap(\.priceKey)).count == values.count else { return "\(label): values repeat" }
        }
        if let synonyms {
            guard type == .string, let values else { return "\(label): only string params with values take synonyms" }
            for (synonym, target) in synonyms {
                guard values.contains(.string(target)), !values.contains(.string(synonym)) else {
                    return "\(label): synonym \(synonym) must name one of the values and not be one"
                }
            }
        }
        if let upstreamValues {
            guard let values, !upstreamValues.isEmpty, upstreamValues.allSatisfy(values.contains) else {
                return "\(label): upstream_values must be some of its values"
            }
        }
        switch type {
        case .integer, .number:
            if values == nil {
                guard let min, let max else { return "\(label): a \(type.rawValue) needs min and max, or values" }
                guard min <= max else { return "\(label): min \(min) is above max \(max)" }
                if type == .integer {
                    for bound in [min, max] where bound.rounded() != bound || abs(bound) >= 9e15 {
                        return "\(label): integer bounds must be whole numbers"
                    }
                }
            }
        case .string:
            if values == nil, maxLength == nil { return "\(label): a free string needs max_length" }
        case .stringList, .dialogue:
            guard maxItems != nil, maxLength != nil else {
                return "\(label): a \(type.rawValue) needs max_items and max_length"
            }
        case .boolean, .url:
            break
        }
        if let maxLength, maxLength < 1 { return "\(label): max_length must be at least 1" }
        if let maxItems, maxItems < 1 { return "\(label): max_items must be at least 1" }
        if let defaultValue {
            if required { return "\(label): a required param cannot have a default" }
            switch check(defaultValue) {
            case .valid: break
            case .absent, .normalized, .invalid:
                return "\(label): default \(defaultValue.catalogText) is not allowed (\(invalidReason))"
            }
        }
        return nil
    }
}
