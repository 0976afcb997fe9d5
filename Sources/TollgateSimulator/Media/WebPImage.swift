import TollgateCore

/// A valid lossless WebP (VP8L) of any size in one solid colour: each of the five prefix codes is a
/// "simple" code with a single symbol, so no pixel costs a bit and the file is 40-odd bytes.
enum WebPImage {
    /// The WebP bytes of a `width`×`height` opaque image filled with `color` (at most 16384 a side).
    static func make(width: Int, height: Int, color: (UInt8, UInt8, UInt8)) -> [UInt8] {
        var bits = LSBBitWriter()
        bits.write(0x2F, bits: 8)  // VP8L signature
        bits.write(UInt32(width - 1), bits: 14)
        bits.write(UInt32(height - 1), bits: 14)
        bits.write(0, bits: 1)  // alpha not used
        bits.write(0, bits: 3)  // version 0
        bits.write(0, bits: 1)  // no transform
        bits.write(0, bits: 1)  // no colour cache
        bits.write(0, bits: 1)  // no meta prefix codes
        // Green, red, blue, alpha, distance: one symbol each.
        for symbol in [color.1, color.0, color.2, 0xFF] {
            bits.write(1, bits: 1)  // simple code
            bits.write(0, bits: 1)  // one symbol
            bits.write(1, bits: 1)  // 8-bit symbol
            bits.write(UInt32(symbol), bits: 8)
        }
        bits.write(1, bits: 1)
        bits.write(0, bits: 1)
        bits.write(0, bits: 1)  // 1-bit symbol
        bits.write(0, bits: 1)
        var chunk = bits.finish()
        let chunkSize = chunk.count
        if chunk.count % 2 == 1 { chunk.append(0) }
        var bytes: [UInt8] = []
        bytes.appendASCII("RIFF")
        bytes.appendLE32(UInt32(4 + 8 + chunk.count))
        bytes.appendASCII("WEBP")
        bytes.appendASCII("VP8L")
        bytes.appendLE32(UInt32(chunkSize))
        bytes += chunk
        return bytes
    }
}
