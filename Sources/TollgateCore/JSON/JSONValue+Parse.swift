extension JSONValue {
    /// Parses one JSON text (RFC 8259; surrounding whitespace allowed) into the value Foundation's decoder
    /// gives: a number with an integral value that fits in 64 bits is `.int` (`1.0` and `1e2` too), every
    /// other number `.double`; of duplicate keys the first wins.
    /// Written by hand because every request body and stored usage object is one: Foundation's `JSONDecoder`
    /// tries each kind of `JSONValue` in turn, throwing for each miss.
    public init(parsing bytes: some Collection<UInt8>) throws {
        self = try JSONReader.read(bytes) { try $0.readValue() }
    }

    /// Parses a JSON text held in a string.
    public init(parsing text: String) throws {
        self = try JSONReader.read(text) { try $0.readValue() }
    }
}
