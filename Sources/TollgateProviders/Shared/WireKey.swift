/// A JSON key known only at run time, for wire bodies that pass provider options through by name.
struct WireKey: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { self.init(value) }
}
