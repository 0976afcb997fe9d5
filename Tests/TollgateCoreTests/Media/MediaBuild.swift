import TollgateCore

/// Containers written field by field, for the cases ffmpeg does not make small: 64-bit and open-ended
/// boxes, `mvhd` version 1, fragments, RF64, ID3 footers, unknown-size EBML elements, hostile lengths.
enum MediaBuild {
    // MARK: ISO-BMFF

    /// A box with a 32-bit size.
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBE32(UInt32(8 + payload.count))
        bytes.appendASCII(type)
        return bytes + payload
    }

    /// A box with size 1 and a 64-bit size after its type.
    static func largeBox(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0, 1]
        bytes.appendASCII(type)
        bytes.appendBE64(UInt64(16 + payload.count))
        return bytes + payload
    }

    /// The `ftyp` box of an `isom` file.
    static let ftyp: [UInt8] = {
        var payload: [UInt8] = []
        payload.appendASCII("isom")
        payload.appendBE32(0x200)
        payload.appendASCII("isomiso2mp41")
        return box("ftyp", payload)
    }()

    /// A movie header of the given version (1 has 64-bit times and duration).
    static func mvhd(version: UInt8, timescale: UInt32, duration: UInt64) -> [UInt8] {
        var payload: [UInt8] = [version, 0, 0, 0]
        if version == 1 {
            payload += [UInt8](repeating: 0, count: 16)
            payload.appendBE32(timescale)
            payload.appendBE64(duration)
        } else {
            payload += [UInt8](repeating: 0, count: 8)
            payload.appendBE32(timescale)
            payload.appendBE32(UInt32(truncatingIfNeeded: duration))
        }
        payload += [UInt8](repeating: 0, count: 80)
        return box("mvhd", payload)
    }

    /// A track: a version-0 `tkhd` of `width`×`height`, and with a `handler` an `mdia` holding `mdhd` and
    /// `hdlr`.
    static func trak(id: UInt32 = 1, width: Int, height: Int, handler: String?, timescale: UInt32 = 1000) -> [UInt8] {
        var header: [UInt8] = [0, 0, 0, 3]
        header += [UInt8](repeating: 0, count: 8)
        header.appendBE32(id)
        header += [UInt8](repeating: 0, count: 60)
        header.appendBE32(UInt32(width) << 16)
        header.appendBE32(UInt32(height) << 16)
        var media: [UInt8] = []
        if let handler {
            var mdhd: [UInt8] = [UInt8](repeating: 0, count: 12)
            mdhd.appendBE32(timescale)
            mdhd += [0, 0, 0, 0, 0x55, 0xC4, 0, 0]
            var hdlr: [UInt8] = [UInt8](repeating: 0, count: 8)
            hdlr.appendASCII(handler)
            hdlr += [UInt8](repeating: 0, count: 13)
            media = box("mdia", box("mdhd", mdhd) + box("hdlr", hdlr))
        }
        return box("trak", box("tkhd", header) + media)
    }

    /// A `moof` with one `traf` for track 1: a `tfhd` (with a default duration if given), a version-1 `tfdt`
    /// if `decodeTime` is given, and a `trun` of `count` samples (with per-sample `durations` if given).
    static func moof(count: Int, defaultDuration: UInt32?, decodeTime: UInt64?, durations: [UInt32]? = nil) -> [UInt8] {
        var tfhd: [UInt8] = [0, 0, 0, defaultDuration == nil ? 0 : 0x08]
        tfhd.appendBE32(1)
        if let defaultDuration { tfhd.appendBE32(defaultDuration) }
        var tfdt: [UInt8] = []
        if let decodeTime {
            tfdt = [1, 0, 0, 0]
            tfdt.appendBE64(decodeTime)
            tfdt = box("tfdt", tfdt)
        }
        var trun: [UInt8] = [0, 0, durations == nil ? 0 : 0x03, 0x00]  // 0x300: duration and size per sample
        trun.appendBE32(UInt32(count))
        for duration in durations ?? [] {
            trun.appendBE32(duration)
            trun.appendBE32(100)
        }
        let mfhd: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 1]
        return box("moof", box("mfhd", mfhd) + box("traf", box("tfhd", tfhd) + tfdt + box("trun", trun)))
    }

    /// An `mvex` holding a `trex` for track 1 with `defaultDuration`, and an `mehd` if `fragmentDuration`.
    static func mvex(defaultDuration: UInt32, fragmentDuration: UInt32? = nil) -> [UInt8] {
        var trex: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]
        trex.appendBE32(defaultDuration)
        trex += [UInt8](repeating: 0, count: 8)
        var mehd: [UInt8] = []
        if let fragmentDuration {
            mehd = [0, 0, 0, 0]
            mehd.appendBE32(fragmentDuration)
            mehd = box("mehd", mehd)
        }
        return box("mvex", mehd + box("trex", trex))
    }

    // MARK: RIFF, Ogg, ID3, MPEG audio, EBML

    /// A RIFF chunk, padded to an even length; `claimedSize` overrides the size written.
    static func chunk(_ id: String, _ payload: [UInt8], claimedSize: UInt32? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendASCII(id)
        bytes.appendLE32(claimedSize ?? UInt32(payload.count))
        return bytes + payload + (payload.count % 2 == 1 ? [0] : [])
    }

    /// A PCM `fmt ` chunk.
    static func fmt(rate: UInt32, channels: UInt16, bits: UInt16) -> [UInt8] {
        var payload: [UInt8] = [1, 0]
        payload.appendLE16(channels)
        payload.appendLE32(rate)
        payload.appendLE32(rate * UInt32(channels) * UInt32(bits / 8))
        payload.appendLE16(channels * bits / 8)
        payload.appendLE16(bits)
        return chunk("fmt ", payload)
    }

    /// One Ogg page holding `packets` (each under 255 bytes); the CRC is left 0, as the probe ignores it.
    static func oggPage(_ packets: [[UInt8]], granule: UInt64, serial: UInt32 = 7, flags: UInt8 = 0) -> [UInt8] {
        var page: [UInt8] = []
        page.appendASCII("OggS")
        page += [0, flags]
        page.appendLE64(granule)
        page.appendLE32(serial)
        page += [UInt8](repeating: 0, count: 8)  // sequence number and CRC
        page.append(UInt8(packets.count))
        page += packets.map { UInt8($0.count) }
        for packet in packets { page += packet }
        return page
    }

    /// A Vorbis identification header of `rate` Hz, mono.
    static func vorbisHead(rate: UInt32) -> [UInt8] {
        var head: [UInt8] = [1]
        head.appendASCII("vorbis")
        head += [0, 0, 0, 0, 1]
        head.appendLE32(rate)
        head += [UInt8](repeating: 0, count: 13)
        return head
    }

    /// An ID3v2.4 tag of `size` bytes of padding, with a footer when asked.
    static func id3(size: Int, footer: Bool = false) -> [UInt8] {
        var tag: [UInt8] = Array("ID3".utf8) + [4, 0, footer ? 0x10 : 0]
        tag += [UInt8(size >> 21 & 0x7F), UInt8(size >> 14 & 0x7F), UInt8(size >> 7 & 0x7F), UInt8(size & 0x7F)]
        tag += [UInt8](repeating: 0, count: size)
        if footer { tag += Array("3DI".utf8) + Array(tag[3..<10]) }
        return tag
    }

    /// `count` MPEG audio frames of `length` bytes, each the 4-byte `header` and zeros.
    static func mpegFrames(_ header: [UInt8], length: Int, count: Int) -> [UInt8] {
        let frame = header + [UInt8](repeating: 0, count: length - header.count)
        return [UInt8]((0..<count).map { _ in frame }.joined())
    }

    /// An EBML element with an 8-byte size (or the unknown size, all ones).
    static func element(_ id: [UInt8], _ payload: [UInt8], unknownSize: Bool = false) -> [UInt8] {
        var bytes = id + [0x01]
        if unknownSize {
            bytes += [UInt8](repeating: 0xFF, count: 7)
        } else {
            for shift in stride(from: 48, through: 0, by: -8) { bytes.append(UInt8(payload.count >> shift & 0xFF)) }
        }
        return bytes + payload
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as 8 bytes, big-endian.
    mutating func appendBE64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { append(UInt8(value >> UInt64(shift) & 0xFF)) }
    }
}
