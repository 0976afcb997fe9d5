import Hummingbird

/// A stream frame encoded once with placeholders, then filled per delta: only the slot values are
/// escaped and copied, so a long fast stream costs a few byte copies per delta, not a JSON encoding.
///
/// Build it by encoding the frame with `FrameTemplate.text(i)` in a string field or
/// `SlotNumber.slot(i)` in a number field, then render with the values in slot-index order.
struct FrameTemplate: Sendable {
    /// The bytes around the slots: `segments.count == slots.count + 1`.
    private let segments: [ByteBuffer]
    /// For each slot in order of appearance: which value goes there, and whether as a JSON string.
    private let slots: [(index: Int, quoted: Bool)]

    /// The placeholder for a string slot, to put into a string field.
    static func text(_ index: Int) -> String {
        "\u{1A}s\(index)\u{1A}"
    }

    /// The placeholder for a number slot (see `SlotNumber`).
    static func number(_ index: Int) -> String {
        "\u{1A}n\(index)\u{1A}"
    }

    /// Splits an encoded frame at its placeholders (JSONEncoder writes U+001A as `\u001a`).
    init(_ frame: ByteBuffer) {
        let bytes = Array(frame.readableBytesView)
        let open = Array(#""\u001a"#.utf8)
        let close = Array(#"\u001a""#.utf8)
        var segments: [ByteBuffer] = []
        var slots: [(index: Int, quoted: Bool)] = []
        var position = 0
        while let start = Self.find(open, in: bytes, from: position),
            start + open.count < bytes.count,
            let end = Self.find(close, in: bytes, from: start + open.count)
        {
            let kind = bytes[start + open.count]
            let digits = bytes[(start + open.count + 1)..<end]
            guard let index = Int(String(decoding: digits, as: UTF8.self)) else { break }
            segments.append(ByteBuffer(bytes: bytes[position..<start]))
            slots.append((index, kind == UInt8(ascii: "s")))
            position = end + close.count
        }
        segments.append(ByteBuffer(bytes: bytes[position...]))
        self.segments = segments
        self.slots = slots
    }

    /// The frame with `values[i]` in slot `i`: string slots quoted and escaped, number slots as given.
    func render(_ values: String...) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(
            segments.reduce(0) { $0 + $1.readableBytes } + values.reduce(0) { $0 + $1.utf8.count + 8 })
        for (offset, slot) in slots.enumerated() {
            buffer.writeImmutableBuffer(segments[offset])
            if slot.quoted {
                buffer.writeJSONString(values[slot.index])
            } else {
                buffer.writeString(values[slot.index])
            }
        }
        buffer.writeImmutableBuffer(segments[slots.count])
        return buffer
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }
}

/// A number field that can hold a `FrameTemplate` number slot instead of a value.
enum SlotNumber: Encodable, Sendable {
    case value(Int)
    case slot(Int)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .value(let value): try container.encode(value)
        case .slot(let index): try container.encode(FrameTemplate.number(index))
        }
    }
}

extension ByteBuffer {
    /// Writes `text` as a quoted JSON string.
    mutating func writeJSONString(_ text: String) {
        writeInteger(UInt8(ascii: "\""))
        var plainStart = text.utf8.startIndex
        var index = plainStart
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                writeBytes(utf8[plainStart..<index])
                switch byte {
                case UInt8(ascii: "\""): writeStaticString("\\\"")
                case UInt8(ascii: "\\"): writeStaticString("\\\\")
                case UInt8(ascii: "\n"): writeStaticString("\\n")
                case UInt8(ascii: "\r"): writeStaticString("\\r")
                case UInt8(ascii: "\t"): writeStaticString("\\t")
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    writeStaticString("\\u00")
                    writeInteger(hex[Int(byte >> 4)])
                    writeInteger(hex[Int(byte & 0xF)])
                }
                plainStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        writeBytes(utf8[plainStart..<utf8.endIndex])
        writeInteger(UInt8(ascii: "\""))
    }
}
