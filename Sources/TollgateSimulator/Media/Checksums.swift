/// The checksums the generated file formats need.
enum Checksums {
    private static let crc32Table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private static let oggTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index) << 24
        for _ in 0..<8 { value = value & 0x8000_0000 != 0 ? (value << 1) ^ 0x04C1_1DB7 : value << 1 }
        return value
    }

    /// CRC-32 (ISO-HDLC, as PNG chunks use) of `bytes`.
    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crc32Table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// Ogg's page CRC: CRC-32 with polynomial 0x04C11DB7, not reflected, no initial or final XOR.
    static func oggCRC(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0
        for byte in bytes { crc = (crc << 8) ^ oggTable[Int(((crc >> 24) ^ UInt32(byte)) & 0xFF)] }
        return crc
    }
}

/// Adler-32 (zlib's checksum), fed bytes or runs of zeros without materializing them.
struct Adler32 {
    private static let modulus: UInt64 = 65521
    private var a: UInt64 = 1
    private var b: UInt64 = 0

    /// The checksum so far.
    var value: UInt32 { UInt32(b << 16 | a) }

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            a = (a + UInt64(byte)) % Self.modulus
            b = (b + a) % Self.modulus
        }
    }

    /// Adds `count` zero bytes: `a` stays, `b` grows by `count × a`.
    mutating func addZeros(_ count: Int) {
        b = (b + UInt64(count) % Self.modulus * a) % Self.modulus
    }
}

/// Writes bits least-significant first into bytes (the order of DEFLATE and WebP lossless).
struct LSBBitWriter {
    private(set) var bytes: [UInt8] = []
    private var accumulator: UInt64 = 0
    private var count = 0

    /// Writes the low `width` bits of `value`, lowest first.
    mutating func write(_ value: UInt32, bits width: Int) {
        accumulator |= UInt64(value & (width == 32 ? 0xFFFF_FFFF : (1 << width) - 1)) << count
        count += width
        while count >= 8 {
            bytes.append(UInt8(accumulator & 0xFF))
            accumulator >>= 8
            count -= 8
        }
    }

    /// Writes a Huffman code of `width` bits, most-significant bit first (DEFLATE's code order).
    mutating func writeCode(_ code: UInt32, bits width: Int) {
        var reversed: UInt32 = 0
        for index in 0..<width where code & (1 << index) != 0 { reversed |= 1 << (width - 1 - index) }
        write(reversed, bits: width)
    }

    /// Pads the last byte with zero bits; returns the bytes.
    mutating func finish() -> [UInt8] {
        if count > 0 {
            bytes.append(UInt8(accumulator & 0xFF))
            accumulator = 0
            count = 0
        }
        return bytes
    }
}
