import TollgateCore

/// A valid baseline JPEG of any size: one grey (luma-only) component whose every 8×8 block has all
/// coefficients zero, coded with one-symbol Huffman tables, so each block costs two bits.
enum JPEGImage {
    /// The JPEG bytes of a mid-grey `width`×`height` image.
    static func make(width: Int, height: Int) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        // APP0 JFIF 1.01, no density, no thumbnail.
        bytes +=
            [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [
                0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
            ]
        // DQT: table 0, 8-bit, all ones.
        bytes += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64)
        // SOF0: 8-bit samples, height, width, one component (id 1, 1×1 sampling, table 0).
        bytes += [0xFF, 0xC0, 0x00, 0x0B, 0x08]
        bytes.appendBE16(UInt16(height))
        bytes.appendBE16(UInt16(width))
        bytes += [0x01, 0x01, 0x11, 0x00]
        // DHT: DC table 0 and AC table 0, each with one code of length 1 — DC category 0, AC end-of-block.
        for tableClass: UInt8 in [0x00, 0x10] {
            bytes += [0xFF, 0xC4, 0x00, 0x14, tableClass, 0x01] + [UInt8](repeating: 0, count: 15) + [0x00]
        }
        // SOS: one component, tables 0/0, spectral selection 0–63.
        bytes += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]
        // Each block is "0" (DC difference 0) then "0" (end of block); the last byte is padded with ones.
        let blocks = ((width + 7) / 8) * ((height + 7) / 8)
        let bits = blocks * 2
        bytes += [UInt8](repeating: 0, count: bits / 8)
        if bits % 8 != 0 {
            bytes.append(UInt8(0xFF >> (bits % 8)))
        }
        bytes += [0xFF, 0xD9]
        return bytes
    }
}
