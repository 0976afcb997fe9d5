/// A test-only zlib inflater for stored and fixed-Huffman DEFLATE blocks (what the simulator's PNGs
/// use), to check that generated image data decompresses to the right bytes.
enum Inflate {
    /// The inflated bytes of a zlib stream, or `nil` if it is malformed.
    static func zlib(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 6, (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0, bytes[0] & 0x0F == 8 else {
            return nil
        }
        var reader = BitReader(bytes: Array(bytes[2...]))
        var output: [UInt8] = []
        while true {
            guard let final = reader.bits(1), let type = reader.bits(2) else { return nil }
            switch type {
            case 0:
                reader.alignToByte()
                guard let length = reader.bits(16), reader.bits(16) != nil else { return nil }
                for _ in 0..<length {
                    guard let byte = reader.bits(8) else { return nil }
                    output.append(UInt8(byte))
                }
            case 1:
                guard fixedBlock(&reader, into: &output) else { return nil }
            default:
                return nil
            }
            if final == 1 { return output }
        }
    }

    private static let lengthBases = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBases = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    private static func fixedBlock(_ reader: inout BitReader, into output: inout [UInt8]) -> Bool {
        while true {
            guard let symbol = fixedSymbol(&reader) else { return false }
            if symbol < 256 {
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return true }
            let index = symbol - 257
            guard index < lengthBases.count, let extra = reader.bits(lengthExtra[index]) else { return false }
            let length = lengthBases[index] + extra
            guard let code = reader.code(5), code < distanceBases.count,
                let distanceExtraBits = reader.bits(distanceExtra[code])
            else { return false }
            let distance = distanceBases[code] + distanceExtraBits
            guard distance <= output.count else { return false }
            let start = output.count - distance
            for offset in 0..<length { output.append(output[start + offset]) }
        }
    }

    /// Reads one literal/length symbol with the fixed code lengths (7, 8 or 9 bits).
    private static func fixedSymbol(_ reader: inout BitReader) -> Int? {
        guard var code = reader.code(7) else { return nil }
        if code <= 0x17 { return 256 + code }
        guard let bit8 = reader.bits(1) else { return nil }
        code = code << 1 | bit8
        if code >= 0x30, code <= 0xBF { return code - 0x30 }
        if code >= 0xC0, code <= 0xC7 { return 280 + code - 0xC0 }
        guard let bit9 = reader.bits(1) else { return nil }
        code = code << 1 | bit9
        if code >= 0x190, code <= 0x1FF { return 144 + code - 0x190 }
        return nil
    }

    private struct BitReader {
        let bytes: [UInt8]
        var position = 0

        /// `count` bits, least significant first.
        mutating func bits(_ count: Int) -> Int? {
            var value = 0
            for index in 0..<count {
                guard position / 8 < bytes.count else { return nil }
                value |= Int(bytes[position / 8] >> UInt8(position % 8) & 1) << index
                position += 1
            }
            return value
        }

        /// A Huffman code of `count` bits, most significant first.
        mutating func code(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let bit = bits(1) else { return nil }
                value = value << 1 | bit
            }
            return value
        }

        mutating func alignToByte() {
            position = (position + 7) / 8 * 8
        }
    }
}
