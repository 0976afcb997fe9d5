/// The framed MPEG audio streams: MP3 (and MPEG-1/2/2.5 Layers I and II) and AAC in ADTS frames.
extension MediaProbe {
    /// One MPEG audio frame header: the stream's version, layer, bitrate and sample rate.
    struct MPEGFrame {
        /// Whether it is MPEG-2 or MPEG-2.5, whose Layer III frames hold 576 samples rather than 1152.
        var lowSamplingFrequency: Bool
        /// 1, 2 or 3.
        var layer: Int
        /// Bits a second.
        var bitrate: Int
        /// Samples a second.
        var sampleRate: Int
        /// 1 when the frame carries a padding slot.
        var padding: Int
        /// Whether the channel mode is single channel (which shortens Layer III side information).
        var mono: Bool

        /// Bitrates in kbit/s by index: MPEG-1 Layers I, II, III; MPEG-2/2.5 Layer I; MPEG-2/2.5 Layers II, III.
        private static let kilobitRates: [[Int]] = [
            [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
            [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
            [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
            [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
            [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        ]

        /// The frame header at `offset`, when it is one: sync, no reserved version, layer, sample rate or
        /// emphasis, and neither the free-format nor the forbidden bitrate.
        init?(_ bytes: Bytes, at offset: Int) {
            guard bytes[offset] == 0xFF, let header = bytes.uint(offset + 1, 3) else { return nil }
            let version = Int(header >> 19 & 3)  // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
            let layerBits = Int(header >> 17 & 3)  // 1: Layer III, 2: Layer II, 3: Layer I
            let bitrateIndex = Int(header >> 12 & 0xF)
            let rateIndex = Int(header >> 10 & 3)
            guard header >> 21 == 0x7, version != 1, layerBits != 0, (1...14).contains(bitrateIndex), rateIndex != 3,
                header & 3 != 2
            else { return nil }
            lowSamplingFrequency = version != 3
            layer = 4 - layerBits
            let row = lowSamplingFrequency ? (layer == 1 ? 3 : 4) : layer - 1
            bitrate = Self.kilobitRates[row][bitrateIndex] * 1000
            sampleRate = [44100, 48000, 32000][rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2)
            padding = Int(header >> 9 & 1)
            mono = header >> 6 & 3 == 3
        }

        /// Samples a frame decodes to.
        var samples: Int { layer == 1 ? 384 : layer == 3 && lowSamplingFrequency ? 576 : 1152 }

        /// The frame's length in bytes, header included.
        var length: Int {
            layer == 1 ? (12 * bitrate / sampleRate + padding) * 4 : samples / 8 * bitrate / sampleRate + padding
        }

        /// Whether `other` can follow this frame in one stream (bitrates may differ).
        func continues(_ other: MPEGFrame) -> Bool {
            other.lowSamplingFrequency == lowSamplingFrequency && other.layer == layer && other.sampleRate == sampleRate
        }
    }

    /// MPEG audio: frames × samples per frame / sample rate when a Xing, Info or VBRI header counts the
    /// frames; otherwise, as constant bitrate, the bytes from the first frame (less a trailing ID3v1 tag) over
    /// its bitrate.
    static func mpegAudio(_ bytes: Bytes, from start: Int, searching: Bool) -> MediaFacts? {
        guard let (offset, frame) = firstMPEGFrame(bytes, from: start, searching: searching) else { return nil }
        if let frames = vbrFrameCount(bytes, frame, at: offset) {
            return MediaFacts(durationSeconds: rounded(Double(frames * frame.samples) / Double(frame.sampleRate)))
        }
        var end = bytes.count
        if end - 128 > offset, bytes.has("TAG", at: end - 128) { end -= 128 }
        return MediaFacts(durationSeconds: rounded(Double(end - offset) * 8 / Double(frame.bitrate)))
    }

    /// The first frame: the one at `start`, unless the frame after it is there and does not continue it; or,
    /// when `searching`, the first within 64 KiB whose next frame does continue it.
    static func firstMPEGFrame(_ bytes: Bytes, from start: Int, searching: Bool) -> (Int, MPEGFrame)? {
        let limit = searching ? min(bytes.count, start + 65536) : start + 1
        var offset = start
        while offset < limit {
            if bytes[offset] == 0xFF, let frame = MPEGFrame(bytes, at: offset) {
                let next = offset + frame.length
                if let following = MPEGFrame(bytes, at: next), frame.continues(following) { return (offset, frame) }
                if offset == start, !bytes.holds(next, 4) { return (offset, frame) }
            }
            offset += 1
        }
        return nil
    }

    /// The frame count of a Xing or Info header (after the first frame's side information) or of a VBRI
    /// header (32 bytes after the frame header).
    static func vbrFrameCount(_ bytes: Bytes, _ frame: MPEGFrame, at offset: Int) -> Int? {
        let sideInformation = frame.lowSamplingFrequency ? (frame.mono ? 9 : 17) : (frame.mono ? 17 : 32)
        let xing = offset + 4 + sideInformation
        let hasXing = bytes.has("Xing", at: xing) || bytes.has("Info", at: xing)
        if hasXing, let flags = bytes.be(xing + 4, 4), flags & 1 != 0, let frames = bytes.be(xing + 8, 4), frames > 0 {
            return frames
        }
        if bytes.has("VBRI", at: offset + 36), let frames = bytes.be(offset + 50, 4), frames > 0 { return frames }
        return nil
    }

    /// ADTS sample rates by index.
    private static let adtsRates = [
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    ]

    /// AAC in ADTS: walks the frames from `start` (each 1024 samples per raw data block) while they are whole
    /// and keep one sample rate; nil when the first is not an ADTS frame.
    static func adts(_ bytes: Bytes, from start: Int) -> MediaFacts? {
        var position = start
        var rate = 0
        var samples = 0
        // The 56-bit header: 12 bits of sync, then ID, a zero layer, …, a 13-bit frame length, …, block count.
        while let header = bytes.uint(position, 7), header >> 44 == 0xFFF, header >> 41 & 3 == 0 {
            let rateIndex = Int(header >> 34 & 0xF)
            let length = Int(header >> 13 & 0x1FFF)
            guard rateIndex < adtsRates.count, length >= 7, rate == 0 || adtsRates[rateIndex] == rate,
                bytes.holds(position, length)
            else { break }
            rate = adtsRates[rateIndex]
            samples += 1024 * (Int(header & 3) + 1)
            position += length
        }
        guard rate > 0 else { return nil }
        return MediaFacts(durationSeconds: rounded(Double(samples) / Double(rate)))
    }
}
