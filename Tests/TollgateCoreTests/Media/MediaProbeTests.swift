import Testing

@testable import TollgateCore

/// One input and what the probe must read in it.
struct ProbeCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    var contentType: String? = nil
    let expected: MediaFacts

    var testDescription: String { name }
}

private func picture(_ width: Int, _ height: Int, seconds: Double? = nil) -> MediaFacts {
    MediaFacts(width: width, height: height, durationSeconds: seconds)
}

private func sound(_ seconds: Double) -> MediaFacts {
    MediaFacts(durationSeconds: seconds)
}

private func probe(_ bytes: [UInt8], _ contentType: String? = nil) -> MediaFacts? {
    MediaProbe.facts(of: bytes, contentType: contentType)
}

/// ffmpeg's files, expecting what ffprobe reads, but for Ogg Opus (the pre-skip is not playing time) and
/// ADTS (the frames are counted where ffprobe estimates from the bitrate).
let ffmpegCases: [ProbeCase] = [
    ProbeCase(name: "PNG", bytes: MediaFixture.png2x3, expected: picture(2, 3)),
    ProbeCase(name: "JPEG", bytes: MediaFixture.jpeg3x2, expected: picture(3, 2)),
    ProbeCase(name: "WebP lossy", bytes: MediaFixture.webpLossy5x4, expected: picture(5, 4)),
    ProbeCase(name: "WebP lossless", bytes: MediaFixture.webpLossless5x4, expected: picture(5, 4)),
    ProbeCase(name: "WebP extended", bytes: MediaFixture.webpExtended5x4, expected: picture(5, 4)),
    ProbeCase(name: "GIF", bytes: MediaFixture.gif5x4, expected: picture(5, 4)),
    ProbeCase(name: "AVIF", bytes: MediaFixture.avif6x4, expected: picture(6, 4)),
    ProbeCase(name: "MP3 with Info header", bytes: MediaFixture.mp3Info, expected: sound(1.152)),
    ProbeCase(name: "MP3 CBR", bytes: MediaFixture.mp3CBR, expected: sound(1.152)),
    ProbeCase(name: "Ogg Opus", bytes: MediaFixture.opus, expected: sound(1.0)),
    ProbeCase(name: "Ogg Vorbis", bytes: MediaFixture.vorbisExcerpt, expected: sound(1.0)),
    ProbeCase(name: "FLAC", bytes: MediaFixture.flac, expected: sound(1.0)),
    ProbeCase(name: "AAC ADTS", bytes: MediaFixture.adts, expected: sound(1.152)),
    ProbeCase(name: "M4A", bytes: MediaFixture.m4a, expected: sound(1.0)),
    ProbeCase(name: "MOV, moov after mdat", bytes: MediaFixture.mov, expected: picture(64, 48, seconds: 1.0)),
    ProbeCase(name: "MP4 faststart, mdat cut", bytes: MediaFixture.mp4Head, expected: picture(64, 48, seconds: 1.0)),
    ProbeCase(name: "WebM video", bytes: MediaFixture.webm, expected: picture(64, 48, seconds: 1.0)),
    ProbeCase(name: "WebM audio", bytes: MediaFixture.webmAudio, expected: sound(1.008)),
    ProbeCase(
        name: "WAV", bytes: MediaFixture.wavHeader + [UInt8](repeating: 0x80, count: 8000), expected: sound(1.0)),
]

@Suite struct MediaProbeTests {
    @Test(arguments: ffmpegCases)
    func readsWhatTheHeadersSay(_ testCase: ProbeCase) {
        #expect(probe(testCase.bytes, testCase.contentType) == testCase.expected)
    }

    /// Every prefix of every file gives nil or some facts, never a trap.
    @Test(arguments: ffmpegCases)
    func everyPrefixIsSafe(_ testCase: ProbeCase) {
        for length in 0...testCase.bytes.count {
            _ = probe(Array(testCase.bytes.prefix(length)), testCase.contentType)
        }
    }

    /// Every byte set to 0x00, 0xFF or flipped, and then random damage, never traps.
    @Test(arguments: ffmpegCases)
    func damagedBytesAreSafe(_ testCase: ProbeCase) {
        var bytes = testCase.bytes
        for index in bytes.indices {
            let original = bytes[index]
            for value in [0x00, 0xFF, original ^ 0x80] {
                bytes[index] = value
                _ = probe(bytes, testCase.contentType)
            }
            bytes[index] = original
        }
        var random = ProbeRandom(seed: UInt64(testCase.bytes.count))
        for _ in 0..<300 {
            var damaged = testCase.bytes
            for _ in 0..<(1 + random.next() % 8) { damaged[Int(random.next() % UInt64(damaged.count))] = random.byte() }
            damaged.removeLast(Int(random.next() % UInt64(damaged.count / 2 + 1)))
            _ = probe(damaged, testCase.contentType)
        }
    }

    @Test func garbageIsNil() {
        var random = ProbeRandom(seed: 42)
        let noise = (0..<4096).map { _ in random.byte() }
        #expect(probe([]) == nil)
        #expect(probe([], "audio/pcm") == nil)
        #expect(probe([UInt8](repeating: 0, count: 4096)) == nil)
        #expect(probe(noise) == nil)
        #expect(probe(noise, "audio/mpeg") == nil)
        #expect(probe(Array("<html><body>Not found</body></html>".utf8), "image/png") == nil)
        #expect(probe(Array("RIFF\u{0}\u{0}\u{0}\u{0}AVI LIST".utf8)) == nil)
        #expect(probe([UInt8](repeating: 0, count: 8 << 20), "audio/mpeg") == nil)
    }

    @Test func magicNumbersOutrankTheContentType() {
        #expect(probe(MediaFixture.png2x3, "audio/pcm") == picture(2, 3))
        #expect(probe(MediaFixture.wavHeader + [UInt8](repeating: 0x80, count: 8000), "audio/pcm") == sound(1))
        #expect(probe(MediaFixture.mp3CBR, "video/mp4") == sound(1.152))
    }
}

/// A small deterministic pseudo-random generator (Knuth's MMIX ProbeRandom).
struct ProbeRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }

    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}
