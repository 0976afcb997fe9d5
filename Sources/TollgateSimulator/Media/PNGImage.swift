import TollgateCore

/// A valid PNG of any size in one solid colour, small whatever its size: every row uses the `Sub`
/// filter (so all but its first pixel are zeros), and the DEFLATE stream copies the first row over
/// the others with back-references.
enum PNGImage {
    /// The PNG bytes of a `width`×`height` RGB image filled with `color`.
    static func make(width: Int, height: Int, color: (UInt8, UInt8, UInt8)) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBE32(UInt32(width))
        header.appendBE32(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8 bits per channel, RGB, deflate, adaptive filters, no interlace
        appendChunk("IHDR", header, to: &bytes)
        appendChunk("IDAT", zlib(width: width, height: height, color: color), to: &bytes)
        appendChunk("IEND", [], to: &bytes)
        return bytes
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to bytes: inout [UInt8]) {
        bytes.appendBE32(UInt32(data.count))
        let typed = Array(type.utf8) + data
        bytes += typed
        bytes.appendBE32(Checksums.crc32(typed))
    }

    /// The zlib stream of the filtered rows: `[1, r, g, b, 0, 0, …]` repeated `height` times.
    private static func zlib(width: Int, height: Int, color: (UInt8, UInt8, UInt8)) -> [UInt8] {
        let rowLength = 1 + 3 * width
        let rowStart: [UInt8] = [1, color.0, color.1, color.2]
        var deflate = Deflate()
        // First row: the filter byte and first pixel, then a run of zeros.
        for byte in rowStart { deflate.literal(byte) }
        var zeros = rowLength - rowStart.count
        if zeros > 0 {
            deflate.literal(0)
            zeros -= 1
            deflate.repeatBytes(zeros, distance: 1) { _ in 0 }
        }
        // Every other row copies the one before it.
        deflate.repeatBytes(rowLength * (height - 1), distance: rowLength) { offset in
            let column = offset % rowLength
            return column < rowStart.count ? rowStart[column] : 0
        }
        var adler = Adler32()
        for _ in 0..<height {
            adler.add(rowStart)
            adler.addZeros(rowLength - rowStart.count)
        }
        var stream: [UInt8] = [0x78, 0x01]
        stream += deflate.finish()
        stream.appendBE32(adler.value)
        return stream
    }
}

/// A single fixed-Huffman DEFLATE block (RFC 1951 §3.2.6) of literals and back-references.
struct Deflate {
    private var writer = LSBBitWriter()

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

    init() {
        writer.write(1, bits: 1)  // BFINAL
        writer.write(1, bits: 2)  // BTYPE = fixed Huffman
    }

    /// Writes one literal byte.
    mutating func literal(_ byte: UInt8) {
        symbol(Int(byte))
    }

    /// Writes `count` bytes that repeat the data `distance` bytes back (1 ≤ distance ≤ 32768), as
    /// back-references of at most 258 bytes; a tail shorter than 3 goes out as literals, whose values
    /// `byteAt(offset)` gives (offset from the start of this run, modulo the distance).
    mutating func repeatBytes(_ count: Int, distance: Int, byteAt: (Int) -> UInt8) {
        var done = 0
        while count - done >= 3 {
            var length = min(258, count - done)
            // Never leave a tail of 1 or 2 after a full-length copy when a shorter copy avoids it.
            if (1...2).contains(count - done - length), length > 5 { length -= 3 }
            match(length: length, distance: distance)
            done += length
        }
        while done < count {
            literal(byteAt(done))
            done += 1
        }
    }

    /// Ends the block; returns the bytes.
    mutating func finish() -> [UInt8] {
        symbol(256)
        return writer.finish()
    }

    private mutating func match(length: Int, distance: Int) {
        let lengthIndex = Self.lengthBases.lastIndex { $0 <= length }!
        symbol(257 + lengthIndex)
        if Self.lengthExtra[lengthIndex] > 0 {
            writer.write(UInt32(length - Self.lengthBases[lengthIndex]), bits: Self.lengthExtra[lengthIndex])
        }
        let distanceIndex = Self.distanceBases.lastIndex { $0 <= distance }!
        writer.writeCode(UInt32(distanceIndex), bits: 5)
        if Self.distanceExtra[distanceIndex] > 0 {
            writer.write(UInt32(distance - Self.distanceBases[distanceIndex]), bits: Self.distanceExtra[distanceIndex])
        }
    }

    /// Writes a literal/length symbol with its fixed code.
    private mutating func symbol(_ value: Int) {
        switch value {
        case 0...143: writer.writeCode(UInt32(0x30 + value), bits: 8)
        case 144...255: writer.writeCode(UInt32(0x190 + value - 144), bits: 9)
        case 256...279: writer.writeCode(UInt32(value - 256), bits: 7)
        default: writer.writeCode(UInt32(0xC0 + value - 280), bits: 8)
        }
    }
}
