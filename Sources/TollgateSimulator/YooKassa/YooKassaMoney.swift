/// Sums as YooKassa writes them: a string with a dot and two decimals, held here in minor units.
enum YooKassaMoney {
    /// The currencies the fake shop accepts.
    static let currencies: Set<String> = ["RUB", "USD", "EUR", "BYN", "KZT", "UZS", "CNY"]

    /// Minor units of `value` (`"890.00"` → 89000); `nil` unless it has exactly two decimals.
    static func minorUnits(_ value: String) -> Int? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 12, parts[1].count == 2,
            parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
            let units = Int(parts[0]), let cents = Int(parts[1])
        else { return nil }
        return units * 100 + cents
    }

    /// `minor` units written as YooKassa does (`89000` → `"890.00"`).
    static func string(_ minor: Int) -> String {
        let cents = minor % 100
        return "\(minor / 100)." + (cents < 10 ? "0\(cents)" : "\(cents)")
    }

    /// Reads the amount object at `parameter` of a request: `{"value": "10.00", "currency": "RUB"}`.
    static func amount(_ json: AnyJSON?, parameter: String) throws(YooKassaError) -> (YooKassaWire.Amount, Int) {
        guard let json, json.objectValue != nil else {
            throw .invalidRequest("Parameter \(parameter) is missing", parameter: parameter)
        }
        guard let value = json["value"]?.stringValue, let minor = minorUnits(value) else {
            throw .invalidRequest(
                "Invalid amount value: a string with a dot and two decimals is expected, e.g. \"10.00\"",
                parameter: parameter + ".value")
        }
        guard minor > 0 else {
            throw .invalidRequest("Amount value must be greater than 0", parameter: parameter + ".value")
        }
        guard let currency = json["currency"]?.stringValue, currencies.contains(currency) else {
            throw .invalidRequest("Invalid currency", parameter: parameter + ".currency")
        }
        return (YooKassaWire.Amount(value: value, currency: currency), minor)
    }
}

extension Character {
    /// Whether the character is `0`…`9`.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
