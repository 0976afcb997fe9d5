extension JSONValue {
    /// Parses one JSON text (RFC 8259; surrounding whitespace allowed) into the value Foundation's decoder
    /// gives: a number with an integral value that fits in 64 bits is `.int` (`1.0` and `1e2` too), every
    /// other number `.double`; of duplicate keys the first wins.
    /// Written by hand because every request body and stored usage object is one: Foundation's `JSONDecoder`
    /// tries each kind of `JSONValue` in turn, throwing for each miss.
    public init(parsing bytes: some Collection<UInt8>) throws {
        let parsed = bytes.withContiguousStorageIfAvailable { buffer in
            Result { try Self.parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let parsed {
            self = try parsed.get()
        } else {
            self = try Array(bytes).withUnsafeBytes { try Self.parse($0) }
        }
    }

    /// Parses a JSON text held in a string.
    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { try Self.parse(UnsafeRawBufferPointer($0)) }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        try JSONReader.read(bytes) { try $0.readValue() }
    }
}
