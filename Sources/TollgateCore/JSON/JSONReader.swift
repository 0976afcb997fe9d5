/// A JSON text that is not valid (RFC 8259), with the byte offset where reading stopped.
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A cursor over one JSON text (RFC 8259), read value by value: a caller that wants a few fields of a
/// large answer reads those and passes over the rest, without building a `JSONValue` of the whole.
/// A value of another kind than the one asked for is an error like bad syntax.
public struct JSONReader {
    static let maxDepth = 512

    let bytes: UnsafeRawBufferPointer
    var index = 0
    var depth = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Reads `bytes` with `body`, which must read exactly one value; only whitespace may follow it.
    /// Inlinable, so a caller in another module gets it specialized for its collection (an unspecialized
    /// call looked up generic metadata on every stream chunk).
    @inlinable
    public static func read<T>(_ bytes: some Collection<UInt8>, _ body: (inout JSONReader) throws -> T) throws -> T {
        let read = bytes.withContiguousStorageIfAvailable { buffer in
            Result { try Self.read(UnsafeRawBufferPointer(buffer), body) }
        }
        if let read { return try read.get() }
        return try Array(bytes).withUnsafeBytes { try Self.read($0, body) }
    }

    /// Reads the UTF-8 of `text` with `body`, as above.
    public static func read<T>(_ text: String, _ body: (inout JSONReader) throws -> T) throws -> T {
        var text = text
        return try text.withUTF8 { try read(UnsafeRawBufferPointer($0), body) }
    }

    @usableFromInline
    static func read<T>(_ bytes: UnsafeRawBufferPointer, _ body: (inout JSONReader) throws -> T) throws -> T {
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        let value = try body(&reader)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.error("unexpected data after the value") }
        return value
    }

    /// Whether the next value is `null`, reading it if so.
    public mutating func readNull() throws -> Bool {
        guard current == UInt8(ascii: "n") else { return false }
        _ = try expect("null", .null)
        return true
    }

    /// The next value, which must be a string.
    public mutating func readString() throws -> String {
        guard current == UInt8(ascii: "\"") else { throw error("expected a string") }
        return try string()
    }

    /// The next value, which must be an integer that fits in 64 bits (`2.0` counts, as for `JSONValue`).
    public mutating func readInt() throws -> Int64 {
        guard case .int(let number) = try number() else { throw error("expected an integer") }
        return number
    }

    /// The next value, which must be an object: `member` is called with each key and must read its value.
    /// Of duplicate keys, each is passed on.
    public mutating func readObject(_ member: (String, inout JSONReader) throws -> Void) throws {
        try readSequence(open: "{", close: "}", kind: "an object") { reader in
            guard reader.current == UInt8(ascii: "\"") else { throw reader.error("expected a key") }
            let key = try reader.string()
            reader.skipWhitespace()
            guard reader.current == UInt8(ascii: ":") else { throw reader.error("expected ':'") }
            reader.index += 1
            reader.skipWhitespace()
            try member(key, &reader)
        }
    }

    /// The next value, which must be an object, for a caller that wants some of its fields: `field` is
    /// called with each key whose value is not `null` and returns whether it read the value; values it
    /// did not read (and nulls) are passed over.
    public mutating func readFields(_ field: (String, inout JSONReader) throws -> Bool) throws {
        try readObject { key, reader in
            if try reader.readNull() { return }
            if try !field(key, &reader) { _ = try reader.readValue() }
        }
    }

    /// The next value, which must be an array: `element` is called for each element and must read it.
    public mutating func readArray(_ element: (inout JSONReader) throws -> Void) throws {
        try readSequence(open: "[", close: "]", kind: "an array", element)
    }

    /// An object or array: its items, read by `item`, between `open` and `close`, separated by commas.
    private mutating func readSequence(
        open: Unicode.Scalar, close: Unicode.Scalar, kind: String, _ item: (inout JSONReader) throws -> Void
    ) throws {
        guard current == UInt8(ascii: open) else { throw error("expected \(kind)") }
        guard depth < Self.maxDepth else { throw error("nested too deeply") }
        depth += 1
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: close) {
            index += 1
            return
        }
        while true {
            try item(&self)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: close):
                index += 1
                return
            default:
                throw error("expected ',' or '\(close)'")
            }
        }
    }

    func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, reason: reason)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ literal: StaticString, _ value: JSONValue) throws -> JSONValue {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw error("unknown literal")
        }
        index += count
        return value
    }

    /// The next value, whatever its kind.
    public mutating func readValue() throws -> JSONValue {
        guard let byte = current else { throw error("unexpected end") }
        switch byte {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try readObject { key, reader in
                let member = try reader.readValue()
                if members[key] == nil { members[key] = member }
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try readArray { elements.append(try $0.readValue()) }
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character")
        }
    }

    /// A string starting at the opening quote; the common case, without escapes, is one validated copy.
    mutating func string() throws -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try validated(UnsafeRawBufferPointer(rebasing: bytes[start..<index]), at: start)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw error("control character in a string") }
            index += 1
        }
        throw error("unterminated string")
    }

    func validated(_ utf8: UnsafeRawBufferPointer, at offset: Int) throws -> String {
        // ASCII (keys, ids, most text) needs no validation; `String(validating:)` is an unspecialized
        // generic call that looks up type metadata on every string.
        if utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw JSONSyntaxError(offset: offset, reason: "invalid UTF-8 in a string")
        }
        return text
    }

    mutating func escapedString(from start: Int) throws -> String {
        var utf8: [UInt8] = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try utf8.withUnsafeBytes { try validated($0, at: start) }
            case UInt8(ascii: "\\"):
                index += 1
                guard let escape = current else { throw error("unterminated string") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: String(Character(try unicodeEscape())).utf8)
                default: throw error("unknown escape")
                }
            default:
                guard byte >= 0x20 else { throw error("control character in a string") }
                utf8.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// The scalar of `\uXXXX` (the `\u` already read), joining a surrogate pair.
    mutating func unicodeEscape() throws -> Unicode.Scalar {
        let first = try hex4()
        if (0xD800..<0xDC00).contains(first) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw error("lone surrogate")
            }
            index += 2
            let second = try hex4()
            guard (0xDC00..<0xE000).contains(second) else { throw error("lone surrogate") }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("lone surrogate") }
        return scalar
    }

    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    mutating func number() throws -> JSONValue {
        let start = index
        let negative = current == UInt8(ascii: "-")
        if negative { index += 1 }
        guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw error(negative ? "bad number" : "expected a number")
        }
        var magnitude: UInt64 = 0
        var overflow = false
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            while let digit = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) {
                let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
                magnitude = plus
                overflow = overflow || o1 || o2
                index += 1
            }
        }
        var integral = true
        if current == UInt8(ascii: ".") {
            integral = false
            index += 1
            try digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
        if integral && !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                return .int(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
            }
        }
        let literal = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(literal), double.isFinite else {
            throw JSONSyntaxError(offset: start, reason: "number out of range")
        }
        if !integral, let exact = Int64(exactly: double) { return .int(exact) }
        return .double(double)
    }

    mutating func digits() throws {
        let start = index
        while let digit = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) { index += 1 }
        guard index > start else { throw error("bad number") }
    }
}
