import TollgateCore

/// Valid, silent audio files of a given length, in the formats providers answer.
enum AudioFile {
    /// A WAV: PCM, mono, 8 kHz, 8-bit (8,000 bytes a second).
    static func wav(seconds: Double) -> [UInt8] {
        let samples = Int((max(0, seconds) * 8000).rounded())
        var bytes: [UInt8] = []
        bytes.appendASCII("RIFF")
        bytes.appendLE32(UInt32(36 + samples))
        bytes.appendASCII("WAVEfmt ")
        bytes.appendLE32(16)
        bytes.appendLE16(1)  // PCM
        bytes.appendLE16(1)  // mono
        bytes.appendLE32(8000)  // sample rate
        bytes.appendLE32(8000)  // byte rate
        bytes.appendLE16(1)  // block align
        bytes.appendLE16(8)  // bits per sample
        bytes.appendASCII("data")
        bytes.appendLE32(UInt32(samples))
        bytes += [UInt8](repeating: 0x80, count: samples)  // 8-bit PCM is unsigned: 0x80 is silence
        return bytes
    }

    /// Raw PCM: signed 16-bit little-endian, mono, 24 kHz (OpenAI's `pcm`).
    static func pcm(seconds: Double) -> [UInt8] {
        [UInt8](repeating: 0, count: Int((max(0, seconds) * 24000).rounded()) * 2)
    }

    /// An MP3: MPEG-1 Layer III frames, 48 kHz mono at 32 kbit/s (96 bytes and 24 ms each), whose
    /// side information codes silence.
    static func mp3(seconds: Double) -> [UInt8] {
        let frames = max(1, Int((max(0, seconds) / 0.024).rounded(.up)))
        var frame: [UInt8] = [0xFF, 0xFB, 0x14, 0xC4]
        frame += [UInt8](repeating: 0, count: 92)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(frames * frame.count)
        for _ in 0..<frames { bytes += frame }
        return bytes
    }

    /// An Ogg Opus file (RFC 7845): the `OpusHead` and `OpusTags` pages, then 20 ms packets that
    /// carry only their TOC byte (a zero-length CELT frame, decoded as silence), 255 to a page.
    static func oggOpus(seconds: Double) -> [UInt8] {
        let serial: UInt32 = 0x5349_4D31
        let preSkip: UInt64 = 312
        var head: [UInt8] = []
        head.appendASCII("OpusHead")
        head += [1, 1]  // version, one channel
        head.appendLE16(UInt16(preSkip))
        head.appendLE32(48000)
        head.appendLE16(0)  // output gain
        head.append(0)  // mapping family 0
        var tags: [UInt8] = []
        tags.appendASCII("OpusTags")
        let vendor = Array("tollgate-simulator".utf8)
        tags.appendLE32(UInt32(vendor.count))
        tags += vendor
        tags.appendLE32(0)

        var bytes = oggPage(packets: [head], granule: 0, serial: serial, sequence: 0, flags: 0x02)
        bytes += oggPage(packets: [tags], granule: 0, serial: serial, sequence: 1, flags: 0)
        let packets = max(1, Int((max(0, seconds) / 0.02).rounded(.up)))
        var written = 0
        var sequence: UInt32 = 2
        while written < packets {
            let count = min(255, packets - written)
            written += count
            let granule = preSkip + UInt64(written) * 960
            let packet: [UInt8] = [0xF8]  // config 31 (CELT fullband 20 ms), mono, one frame
            bytes += oggPage(
                packets: Array(repeating: packet, count: count), granule: granule, serial: serial,
                sequence: sequence, flags: written == packets ? 0x04 : 0)
            sequence += 1
        }
        return bytes
    }

    /// One Ogg page holding whole `packets` (each under 255 bytes, at most 255 of them).
    private static func oggPage(packets: [[UInt8]], granule: UInt64, serial: UInt32, sequence: UInt32, flags: UInt8)
        -> [UInt8]
    {
        var lacing: [UInt8] = []
        for packet in packets {
            var length = packet.count
            while length >= 255 {
                lacing.append(255)
                length -= 255
            }
            lacing.append(UInt8(length))
        }
        var page: [UInt8] = []
        page.appendASCII("OggS")
        page += [0, flags]
        page.appendLE64(granule)
        page.appendLE32(serial)
        page.appendLE32(sequence)
        page.appendLE32(0)  // CRC, filled below
        page.append(UInt8(lacing.count))
        page += lacing
        for packet in packets { page += packet }
        let crc = Checksums.oggCRC(page)
        page[22] = UInt8(crc & 0xFF)
        page[23] = UInt8(crc >> 8 & 0xFF)
        page[24] = UInt8(crc >> 16 & 0xFF)
        page[25] = UInt8(crc >> 24)
        return page
    }
}
