import Hummingbird

/// Encodes `Encodable` values as compact JSON straight into a `ByteBuffer`, keys in the order they
/// are encoded (declaration order for synthesized conformances): no intermediate tree, no sorting.
///
/// `superEncoder` is not supported (no wire type uses it).
enum CompactJSONEncoder {
    /// `value` as JSON bytes.
    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        let sink = JSONSink()
        try sink.encodeValue(value, codingPath: [])
        return sink.buffer
    }
}

/// The output and the stack of open containers of one encoding.
private final class JSONSink {
    var buffer = ByteBuffer()
    /// For each open container: whether it is an object, and how many members it has so far.
    var open: [(isObject: Bool, count: Int)] = []

    /// Writes one value, closing whatever containers its `encode(to:)` opened.
    func encodeValue<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: buffer.writeJSONString(text)
        case let number as Int: buffer.writeString(String(number))
        case let flag as Bool: buffer.writeString(flag ? "true" : "false")
        case let number as Double: writeDouble(number)
        case let number as Float: writeDouble(Double(number))
        case let number as any BinaryInteger: buffer.writeString(String(describing: number))
        default:
            let mark = open.count
            try value.encode(to: ValueEncoder(sink: self, codingPath: codingPath))
            while open.count > mark {
                buffer.writeString(open.removeLast().isObject ? "}" : "]")
            }
        }
    }

    func writeDouble(_ number: Double) {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            buffer.writeString(String(Int64(number)))
        } else {
            buffer.writeString(number.isFinite ? String(number) : "null")
        }
    }

    /// Opens a container; returns its level.
    func openContainer(object: Bool) -> Int {
        buffer.writeString(object ? "{" : "[")
        open.append((object, 0))
        return open.count - 1
    }

    /// Starts the next member of the container at `level` (a comma after the first), closing any
    /// container nested in it that is still open.
    func nextMember(at level: Int) {
        while open.count > level + 1 {
            buffer.writeString(open.removeLast().isObject ? "}" : "]")
        }
        if open[level].count > 0 { buffer.writeString(",") }
        open[level].count += 1
    }
}

private struct ValueEncoder: Encoder {
    let sink: JSONSink
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(
            ObjectContainer<Key>(sink: sink, level: sink.openContainer(object: true), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        ArrayContainer(sink: sink, level: sink.openContainer(object: false), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(sink: sink, codingPath: codingPath)
    }
}

private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let level: Int
    let codingPath: [any CodingKey]

    private func key(_ key: Key) {
        sink.nextMember(at: level)
        sink.buffer.writeJSONString(key.stringValue)
        sink.buffer.writeString(":")
    }

    mutating func encodeNil(forKey key: Key) throws {
        self.key(key)
        sink.buffer.writeString("null")
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.key(key)
        try sink.encodeValue(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        self.key(key)
        return ValueEncoder(sink: sink, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        self.key(key)
        return ValueEncoder(sink: sink, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        preconditionFailure("superEncoder is not supported by CompactJSONEncoder")
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        preconditionFailure("superEncoder is not supported by CompactJSONEncoder")
    }
}

private struct ArrayContainer: UnkeyedEncodingContainer {
    let sink: JSONSink
    let level: Int
    let codingPath: [any CodingKey]
    var count: Int { sink.open.indices.contains(level) ? sink.open[level].count : 0 }

    mutating func encodeNil() throws {
        sink.nextMember(at: level)
        sink.buffer.writeString("null")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        sink.nextMember(at: level)
        try sink.encodeValue(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        sink.nextMember(at: level)
        return ValueEncoder(sink: sink, codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.nextMember(at: level)
        return ValueEncoder(sink: sink, codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        preconditionFailure("superEncoder is not supported by CompactJSONEncoder")
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let sink: JSONSink
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        sink.buffer.writeString("null")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try sink.encodeValue(value, codingPath: codingPath)
    }
}
