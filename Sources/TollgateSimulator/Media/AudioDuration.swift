/// How long an uploaded audio or video file plays, read from its headers: WAV (`data` size over byte
/// rate), MP3 (its frames), Ogg Opus (the last page's granule), MP4 (`mvhd`); otherwise guessed from
/// the size at 128 kbit/s. Used for Whisper's `usage.seconds` and ElevenLabs dubbing's `duration`.
enum AudioDuration {
    /// The duration of `bytes`, in seconds.
    static func seconds(of bytes: [UInt8]) -> Double {
        wav(bytes) ?? ogg(bytes) ?? mp4(bytes) ?? mp3(bytes) ?? Double(bytes.count) / 16000
    }

    private static func wav(_ bytes: [UInt8]) -> Double? {
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8)
        else { return nil }
        var position = 12
        var byteRate: Int?
        while position + 8 <= bytes.count {
            let size = le32(bytes, position + 4)
            if bytes[position..<(position + 4)].elementsEqual("fmt ".utf8), position + 16 <= bytes.count {
                byteRate = le32(bytes, position + 16)
            } else if bytes[position..<(position + 4)].elementsEqual("data".utf8), let byteRate, byteRate > 0 {
                return Double(min(size, bytes.count - position - 8)) / Double(byteRate)
            }
            position += 8 + size + size % 2
        }
        return nil
    }

    private static func ogg(_ bytes: [UInt8]) -> Double? {
        guard bytes.count >= 27, bytes[0..<4].elementsEqual("OggS".utf8) else { return nil }
        let capture = Array("OggS".utf8)
        var position = bytes.count - 27
        while position >= 0 {
            if bytes[position] == capture[0], bytes[position..<(position + 4)].elementsEqual(capture) {
                var granule: UInt64 = 0
                for index in 0..<8 { granule |= UInt64(bytes[position + 6 + index]) << (8 * UInt64(index)) }
                return Double(granule) / 48000
            }
            position -= 1
        }
        return nil
    }

    private static func mp4(_ bytes: [UInt8]) -> Double? {
        guard bytes.count >= 8, bytes[4..<8].elementsEqual("ftyp".utf8),
            let mvhd = MultipartBody.find(Array("mvhd".utf8), in: bytes, from: 0), mvhd + 24 <= bytes.count
        else { return nil }
        let version = bytes[mvhd + 4]
        if version == 1 {
            guard mvhd + 36 <= bytes.count else { return nil }
            let timescale = be32(bytes, mvhd + 24)
            let duration = be32(bytes, mvhd + 28) << 32 | be32(bytes, mvhd + 32)
            return timescale > 0 ? Double(duration) / Double(timescale) : nil
        }
        let timescale = be32(bytes, mvhd + 16)
        return timescale > 0 ? Double(be32(bytes, mvhd + 20)) / Double(timescale) : nil
    }

    private static let mpeg1Bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    private static let mpeg1Rates = [44100, 48000, 32000]

    /// Walks MPEG-1 Layer III frames (after an ID3v2 tag, if any).
    private static func mp3(_ bytes: [UInt8]) -> Double? {
        var position = 0
        if bytes.count >= 10, bytes[0..<3].elementsEqual("ID3".utf8) {
            position = 10 + (Int(bytes[6]) << 21 | Int(bytes[7]) << 14 | Int(bytes[8]) << 7 | Int(bytes[9]))
        }
        var seconds = 0.0
        var frames = 0
        while position + 4 <= bytes.count, bytes[position] == 0xFF, bytes[position + 1] & 0xFE == 0xFA {
            let bitrateIndex = Int(bytes[position + 2] >> 4)
            let rateIndex = Int(bytes[position + 2] >> 2 & 0x03)
            guard bitrateIndex > 0, bitrateIndex < 15, rateIndex < 3 else { break }
            let rate = mpeg1Rates[rateIndex]
            let length = 144 * mpeg1Bitrates[bitrateIndex] * 1000 / rate + Int(bytes[position + 2] >> 1 & 1)
            seconds += 1152 / Double(rate)
            frames += 1
            position += length
        }
        return frames > 0 ? seconds : nil
    }

    private static func le32(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }

    private static func be32(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }
}
