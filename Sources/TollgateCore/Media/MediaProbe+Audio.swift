/// The audio formats: WAV, Ogg (Opus, Vorbis), FLAC, MP3 (and MPEG Layer I/II), AAC in ADTS, and raw PCM.
extension MediaProbe {
    /// The parts of a content type the probe uses: the media type, lowercased, and the `rate` and
    /// `channels` parameters raw PCM is described by.
    struct ContentType {
        /// `type/subtype`, lowercased; "" without a content type.
        var mediaType = ""
        /// The `rate` parameter: samples a second.
        var rate: Int?
        /// The `channels` parameter.
        var channels: Int?

        /// Parses `type/subtype; name=value; …`, ignoring case, blanks and quotes.
        init(_ text: String?) {
            let parts = (text ?? "").lowercased().split(separator: ";").map(Self.trimmed)
            mediaType = parts.first.map { String($0) } ?? ""
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(Self.trimmed)
                guard pair.count == 2, let value = Int(pair[1]) else { continue }
                if pair[0] == "rate" { rate = value }
                if pair[0] == "channels" { channels = value }
            }
        }

        /// Whether the bytes are headerless 16-bit PCM.
        var isRawPCM: Bool { mediaType == "audio/pcm" || mediaType == "audio/l16" }

        /// Whether the bytes are said to be an MPEG audio stream, so a frame sync may be searched for.
        var isMPEGAudio: Bool { ["audio/mpeg", "audio/mp3", "audio/mpa", "audio/x-mpeg"].contains(mediaType) }

        /// `text` without surrounding blanks and quotes.
        private static func trimmed(_ text: Substring) -> Substring {
            let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\"" }
            guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) })
            else { return "" }
            return text[first...last]
        }
    }

    /// The formats without a container: FLAC or an MPEG audio stream, each perhaps behind ID3v2 tags, and
    /// raw PCM when the content type says so.
    static func audioStream(_ bytes: Bytes, hint: ContentType) -> MediaFacts? {
        let start = afterID3v2(bytes)
        if bytes.has("fLaC", at: start) { return flac(bytes, at: start) }
        if start == 0, hint.isRawPCM { return pcm(byteCount: bytes.count, hint) }
        if let adtsFacts = adts(bytes, from: start) { return adtsFacts }
        return mpegAudio(bytes, from: start, searching: start > 0 || hint.isMPEGAudio)
    }

    /// The offset past any ID3v2 tags at the start (each a 10-byte header, a syncsafe size, and a footer
    /// of 10 more bytes when flag 0x10 is set).
    static func afterID3v2(_ bytes: Bytes) -> Int {
        var position = 0
        while bytes.has("ID3", at: position), let flags = bytes[position + 5], let size = syncsafe(bytes, position + 6)
        {
            position += 10 + size + (flags & 0x10 != 0 ? 10 : 0)
        }
        return position
    }

    /// A 28-bit ID3 "syncsafe" integer: four bytes of seven bits each.
    static func syncsafe(_ bytes: Bytes, _ offset: Int) -> Int? {
        guard let raw = bytes.uint(offset, 4), raw & 0x8080_8080 == 0 else { return nil }
        return Int(raw >> 3 & 0x0FE0_0000 | raw >> 2 & 0x001F_C000 | raw >> 1 & 0x0000_3F80 | raw & 0x7F)
    }

    /// Raw PCM: signed 16-bit, at the content type's `rate` and `channels` (24 kHz mono, OpenAI's `pcm`,
    /// when absent).
    static func pcm(byteCount: Int, _ type: ContentType) -> MediaFacts? {
        let rate = type.rate ?? 24000
        let channels = type.channels ?? 1
        guard byteCount > 0, (1...1_000_000).contains(rate), (1...64).contains(channels) else { return nil }
        return MediaFacts(durationSeconds: rounded(Double(byteCount) / Double(rate * channels * 2)))
    }

    /// WAV (RIFF, or RF64/BW64 with a `ds64` chunk): the `data` chunk's size over the `fmt ` byte rate. A size
    /// of 0xFFFFFFFF (streamed) or past the end counts the bytes actually there.
    static func wav(_ bytes: Bytes) -> MediaFacts? {
        var byteRate = 0
        var largeDataSize: Int?
        var position = 12
        while let size = bytes.le(position + 4, 4) {
            let body = position + 8
            if bytes.has("ds64", at: position) { largeDataSize = bytes.le(body + 8, 8) }
            if bytes.has("fmt ", at: position) { byteRate = bytes.le(body + 8, 4) ?? 0 }
            if bytes.has("data", at: position) {
                guard byteRate > 0 else { return nil }
                let available = bytes.count - body
                let declared = size == 0xFFFF_FFFF ? largeDataSize ?? available : size
                let length = min(declared, available)
                return MediaFacts(durationSeconds: rounded(Double(length) / Double(byteRate)))
            }
            position = body + size + size % 2
        }
        return nil
    }

    /// FLAC: total samples over sample rate, from STREAMINFO, the first metadata block.
    static func flac(_ bytes: Bytes, at start: Int) -> MediaFacts? {
        // After the 4-byte block header: 10 bytes of block and frame sizes, then 20 bits of sample rate,
        // 3 of channels, 5 of sample size and 36 of total samples.
        guard let type = bytes[start + 4], type & 0x7F == 0, let packed = bytes.uint(start + 18, 8) else { return nil }
        let rate = packed >> 44
        let samples = packed & 0xF_FFFF_FFFF
        guard rate > 0, samples > 0 else { return nil }
        return MediaFacts(durationSeconds: rounded(Double(samples) / Double(rate)))
    }

    /// Ogg: the first Opus or Vorbis stream's last granule position over its sample rate (less the Opus
    /// pre-skip). Pages are walked by their lengths; where a page is damaged the walk resyncs on "OggS".
    static func ogg(_ bytes: Bytes) -> MediaFacts? {
        var stream: (serial: UInt64, rate: Int, preSkip: UInt64)?
        var lastGranule: UInt64?
        var position = 0
        while position < bytes.count {
            guard let page = OggPage(bytes, at: position) else {
                guard let next = bytes.find(Array("OggS".utf8), from: position + 1) else { break }
                position = next
                continue
            }
            if stream == nil, page.flags & 0x02 != 0 {
                if bytes.has("OpusHead", at: page.body) {
                    stream = (page.serial, 48000, bytes.uint(page.body + 10, 2, littleEndian: true) ?? 0)
                } else if bytes.has([0x01] + Array("vorbis".utf8), at: page.body),
                    let rate = bytes.le(page.body + 12, 4)
                {
                    stream = (page.serial, rate, 0)
                }
            } else if page.serial == stream?.serial, page.granule != UInt64.max {
                lastGranule = page.granule
            }
            position = page.end
        }
        guard let stream, let lastGranule, stream.rate > 0, lastGranule >= stream.preSkip else { return nil }
        return MediaFacts(durationSeconds: rounded(Double(lastGranule - stream.preSkip) / Double(stream.rate)))
    }

    /// One complete Ogg page's header fields and extent.
    struct OggPage {
        /// Header flags: 0x02 marks a stream's first page.
        var flags: UInt8
        /// The granule position (for audio, samples decoded by the page's end); all ones when none ends.
        var granule: UInt64
        /// The stream serial number.
        var serial: UInt64
        /// The offset of the page's data, after the segment table.
        var body: Int
        /// The offset just past the page.
        var end: Int

        /// The page at `offset`, when its header, segment table and body are all there.
        init?(_ bytes: Bytes, at offset: Int) {
            guard bytes.has("OggS", at: offset), bytes[offset + 4] == 0, let flags = bytes[offset + 5],
                let granule = bytes.uint(offset + 6, 8, littleEndian: true),
                let serial = bytes.uint(offset + 14, 4, littleEndian: true), let segments = bytes[offset + 26],
                bytes.holds(offset + 27, Int(segments))
            else { return nil }
            let body = offset + 27 + Int(segments)
            let length = bytes.storage[(offset + 27)..<body].reduce(0) { $0 + Int($1) }
            guard bytes.holds(body, length) else { return nil }
            (self.flags, self.granule, self.serial, self.body, self.end) = (flags, granule, serial, body, body + length)
        }
    }
}
