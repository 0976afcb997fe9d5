/// What a media file's headers say about it.
public struct MediaFacts: Sendable, Equatable {
    /// The picture's width in pixels (images and videos).
    public var width: Int?
    /// The picture's height in pixels (images and videos).
    public var height: Int?
    /// How long it plays, in seconds rounded to the millisecond (videos and audio).
    public var durationSeconds: Double?

    /// Facts with the given values; absent ones stay nil.
    public init(width: Int? = nil, height: Int? = nil, durationSeconds: Double? = nil) {
        self.width = width
        self.height = height
        self.durationSeconds = durationSeconds
    }
}

/// Reads the size and duration of images, videos and audio from their headers alone. Every read is
/// bounds-checked, every loop advances, and nothing is allocated from a length the file declares, so
/// truncated or hostile input gives nil (or what its intact part says), never a trap.
public enum MediaProbe {
    /// Reads the headers of `bytes`; the format is recognised from the bytes' magic numbers (the content type is
    /// only a hint for raw formats). Nil when unrecognised or unreadable.
    public static func facts(of bytes: [UInt8], contentType: String?) -> MediaFacts? {
        guard let facts = recognised(Bytes(storage: bytes), hint: ContentType(contentType)),
            facts.width != nil || facts.durationSeconds != nil
        else { return nil }
        return facts
    }

    /// Picks the reader by magic number; raw PCM and unframed MPEG audio come last, as they have none.
    static func recognised(_ bytes: Bytes, hint: ContentType) -> MediaFacts? {
        if bytes.has([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], at: 0) { return png(bytes) }
        if bytes.has([0xFF, 0xD8, 0xFF], at: 0) { return jpeg(bytes) }
        if bytes.has("GIF87a", at: 0) || bytes.has("GIF89a", at: 0) { return gif(bytes) }
        if bytes.has("RIFF", at: 0), bytes.has("WEBP", at: 8) { return webp(bytes) }
        if bytes.has("RIFF", at: 0) || bytes.has("RF64", at: 0) || bytes.has("BW64", at: 0),
            bytes.has("WAVE", at: 8)
        {
            return wav(bytes)
        }
        if isoTopLevelTypes.contains(bytes.text(at: 4, count: 4)) { return isoMedia(bytes) }
        if bytes.has([0x1A, 0x45, 0xDF, 0xA3], at: 0) { return matroska(bytes) }
        if bytes.has("OggS", at: 0) { return ogg(bytes) }
        return audioStream(bytes, hint: hint)
    }

    /// Facts for a picture, when both sides are positive and within 2³¹ − 1 (PNG's bound, beyond any format's
    /// real pictures).
    static func picture(width: Int?, height: Int?) -> MediaFacts? {
        let sides = 1...Int(Int32.max)
        guard let width, let height, sides.contains(width), sides.contains(height) else { return nil }
        return MediaFacts(width: width, height: height)
    }

    /// `seconds` rounded to the millisecond, or nil when it is not a finite, non-negative number.
    static func rounded(_ seconds: Double) -> Double? {
        let milliseconds = (seconds * 1000).rounded()
        guard milliseconds.isFinite, milliseconds >= 0 else { return nil }
        return milliseconds / 1000
    }

    /// PNG: the IHDR chunk, which must come first.
    static func png(_ bytes: Bytes) -> MediaFacts? {
        guard bytes.has("IHDR", at: 12) else { return nil }
        return picture(width: bytes.be(16, 4), height: bytes.be(20, 4))
    }

    /// GIF: the logical screen size.
    static func gif(_ bytes: Bytes) -> MediaFacts? {
        picture(width: bytes.le(6, 2), height: bytes.le(8, 2))
    }

    /// JPEG: walks the marker segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
    static func jpeg(_ bytes: Bytes) -> MediaFacts? {
        var position = 2
        while let marker = nextJPEGMarker(bytes, from: &position) {
            switch marker {
            case 0x01, 0xD0...0xD8: continue  // TEM, RSTn and SOI stand alone
            case 0xD9: return nil  // end of image before any frame header
            default: break
            }
            guard let length = bytes.be(position, 2), length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return picture(width: bytes.be(position + 5, 2), height: bytes.be(position + 3, 2))
            }
            position += length
        }
        return nil
    }

    /// The next JPEG marker code at or after `position`, leaving `position` just past it. Fill bytes (0xFF)
    /// are skipped, and so are bytes that are not markers — entropy-coded data and its stuffed 0xFF00 — so a
    /// scan (SOS) needs no special case.
    static func nextJPEGMarker(_ bytes: Bytes, from position: inout Int) -> UInt8? {
        let storage = bytes.storage
        while position < storage.count {
            while position < storage.count, storage[position] != 0xFF { position += 1 }
            while position < storage.count, storage[position] == 0xFF { position += 1 }
            guard position < storage.count else { return nil }
            let code = storage[position]
            position += 1
            if code != 0x00 { return code }
        }
        return nil
    }

    /// WebP: the canvas of an extended file (VP8X), else the frame size of the lossless (VP8L) or lossy
    /// (VP8) bitstream in the first chunk.
    static func webp(_ bytes: Bytes) -> MediaFacts? {
        let payload = 20
        if bytes.has("VP8X", at: 12) {
            return picture(
                width: bytes.le(payload + 4, 3).map { $0 + 1 }, height: bytes.le(payload + 7, 3).map { $0 + 1 })
        }
        if bytes.has("VP8L", at: 12) {
            guard bytes[payload] == 0x2F, let bits = bytes.le(payload + 1, 4) else { return nil }
            return picture(width: (bits & 0x3FFF) + 1, height: (bits >> 14 & 0x3FFF) + 1)
        }
        if bytes.has("VP8 ", at: 12), bytes.has([0x9D, 0x01, 0x2A], at: payload + 3) {
            return picture(
                width: bytes.le(payload + 6, 2).map { $0 & 0x3FFF },
                height: bytes.le(payload + 8, 2).map { $0 & 0x3FFF })
        }
        return nil
    }
}

extension MediaProbe {
    /// Bounds-checked reads over the input, without copying it: a read that would pass either end gives
    /// nil (or `false`), never a trap.
    struct Bytes {
        /// The whole input.
        let storage: [UInt8]

        /// The input's length.
        var count: Int { storage.count }

        /// The byte at `offset`, if there is one.
        subscript(offset: Int) -> UInt8? {
            offset >= 0 && offset < storage.count ? storage[offset] : nil
        }

        /// Whether `width` bytes from `offset` lie inside the input.
        func holds(_ offset: Int, _ width: Int) -> Bool {
            offset >= 0 && width >= 0 && width <= storage.count && offset <= storage.count - width
        }

        /// The unsigned integer in the `width` (at most 8) bytes at `offset`, big- or little-endian.
        func uint(_ offset: Int, _ width: Int, littleEndian: Bool = false) -> UInt64? {
            guard width <= 8, holds(offset, width) else { return nil }
            var value: UInt64 = 0
            for index in 0..<width {
                let byte = storage[littleEndian ? offset + width - 1 - index : offset + index]
                value = value << 8 | UInt64(byte)
            }
            return value
        }

        /// The big-endian unsigned integer at `offset`, clamped to `Int.max`.
        func be(_ offset: Int, _ width: Int) -> Int? {
            uint(offset, width).map { Int(clamping: $0) }
        }

        /// The little-endian unsigned integer at `offset`, clamped to `Int.max`.
        func le(_ offset: Int, _ width: Int) -> Int? {
            uint(offset, width, littleEndian: true).map { Int(clamping: $0) }
        }

        /// Whether `magic` appears at `offset`.
        func has(_ magic: [UInt8], at offset: Int) -> Bool {
            holds(offset, magic.count) && storage[offset..<(offset + magic.count)].elementsEqual(magic)
        }

        /// Whether the ASCII `text` appears at `offset`.
        func has(_ text: String, at offset: Int) -> Bool {
            let utf8 = text.utf8
            return holds(offset, utf8.count) && storage[offset..<(offset + utf8.count)].elementsEqual(utf8)
        }

        /// The `count` bytes at `offset` as text (a four-character code), or "" past the end.
        func text(at offset: Int, count: Int) -> String {
            guard holds(offset, count) else { return "" }
            return String(decoding: storage[offset..<(offset + count)], as: UTF8.self)
        }

        /// The offset of the first `magic` at or after `offset`, if any.
        func find(_ magic: [UInt8], from offset: Int) -> Int? {
            guard let first = magic.first, offset >= 0 else { return nil }
            var position = offset
            while position <= storage.count - magic.count {
                if storage[position] == first, has(magic, at: position) { return position }
                position += 1
            }
            return nil
        }
    }
}
