import Testing

@testable import TollgateCore

/// MP3 and the other MPEG audio layers, ADTS, Ogg, WAV, FLAC and raw PCM.
@Suite struct AudioProbeTests {
    private func seconds(_ bytes: [UInt8], _ contentType: String? = nil) -> Double? {
        MediaProbe.facts(of: bytes, contentType: contentType)?.durationSeconds
    }

    /// MPEG-1 Layer III, 48 kHz mono, 128 kbit/s: 384 bytes and 24 ms a frame.
    private let mp3Header: [UInt8] = [0xFF, 0xFB, 0x94, 0xC4]

    @Test func constantBitrateMP3() {
        let frames = MediaBuild.mpegFrames(mp3Header, length: 384, count: 50)
        #expect(seconds(frames) == 1.2)
        // ID3v2 tags (one with a footer) before, an ID3v1 tag after: neither counts.
        let tagged =
            MediaBuild.id3(size: 300, footer: true) + MediaBuild.id3(size: 20) + frames + Array("TAG".utf8)
            + [UInt8](repeating: 0x20, count: 125)
        #expect(seconds(tagged) == 1.2)
        // Padding after the tag is searched past; junk before the first frame needs a tag or the content type.
        let junk = [UInt8](repeating: 0x00, count: 37) + [0xFF, 0x00, 0x12]
        #expect(seconds(MediaBuild.id3(size: 10) + junk + frames) == 1.2)
        #expect(seconds(junk + frames) == nil)
        #expect(seconds(junk + frames, "audio/mpeg") == 1.2)
        // A truncated last frame still counts its bytes.
        #expect(seconds(Array(frames.dropLast(192))) == 1.188)
    }

    @Test func frameCountHeaders() {
        // Xing in a stereo MPEG-1 frame sits after 32 bytes of side information: 75 frames of 1152 samples.
        var xing: [UInt8] = [0xFF, 0xFB, 0x94, 0x04] + [UInt8](repeating: 0, count: 32) + Array("Xing".utf8)
        xing += [0, 0, 0, 0x0F, 0, 0, 0, 75]
        let stereo =
            MediaBuild.mpegFrames(xing, length: 384, count: 1)
            + MediaBuild.mpegFrames([0xFF, 0xFB, 0x94, 0x04], length: 384, count: 3)
        #expect(seconds(stereo) == 1.8)
        // Xing without its frame-count flag falls back on the bitrate.
        var noCount = stereo
        noCount[43] = 0x0E
        #expect(seconds(noCount) == 0.096)
        // VBRI, 32 bytes after the header: 100 frames.
        var vbri: [UInt8] = mp3Header + [UInt8](repeating: 0, count: 32) + Array("VBRI".utf8)
        vbri += [0, 1, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 100]
        #expect(
            seconds(
                MediaBuild.mpegFrames(vbri, length: 384, count: 1)
                    + MediaBuild.mpegFrames(mp3Header, length: 384, count: 2))
                == 2.4)
        // A bogus count gives a long, finite duration.
        var bogus = stereo
        bogus.replaceSubrange(44..<48, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(seconds(bogus) == 103_079_215.08)
    }

    @Test func otherMPEGLayersAndVersions() {
        // MPEG-1 Layer II, 48 kHz, 192 kbit/s: 576 bytes, 1152 samples.
        #expect(seconds(MediaBuild.mpegFrames([0xFF, 0xFD, 0xA4, 0x04], length: 576, count: 25)) == 0.6)
        // MPEG-1 Layer I, 48 kHz, 384 kbit/s: 384 bytes, 384 samples.
        #expect(seconds(MediaBuild.mpegFrames([0xFF, 0xFF, 0xC4, 0x04], length: 384, count: 125)) == 1.0)
        // MPEG-2 Layer III, 24 kHz, 64 kbit/s: 192 bytes, 576 samples.
        #expect(seconds(MediaBuild.mpegFrames([0xFF, 0xF3, 0x84, 0xC4], length: 192, count: 50)) == 1.2)
        // Reserved version, layer, sample rate or bitrate: not a frame.
        for header: [UInt8] in [
            [0xFF, 0xEB, 0x94, 0xC4], [0xFF, 0xF9, 0x94, 0xC4], [0xFF, 0xFB, 0x9C, 0xC4], [0xFF, 0xFB, 0xF4, 0xC4],
        ] {
            #expect(seconds(MediaBuild.mpegFrames(header, length: 384, count: 5)) == nil)
        }
    }

    @Test func oggStreams() {
        let vorbis = MediaBuild.oggPage([MediaBuild.vorbisHead(rate: 44100)], granule: 0, flags: 0x02)
        #expect(seconds(vorbis + MediaBuild.oggPage([[1, 2, 3]], granule: 88200, flags: 0x04)) == 2)
        // Another stream first (here Theora) is ignored, and so are pages without a granule (-1).
        let theora = MediaBuild.oggPage([[0x80] + Array("theora".utf8)], granule: 0, serial: 9, flags: 0x02)
        let pages =
            MediaBuild.oggPage([[1]], granule: 44100) + MediaBuild.oggPage([[2]], granule: 999_999_999, serial: 9)
            + MediaBuild.oggPage([[3]], granule: .max)
        #expect(seconds(theora + vorbis + pages) == 1)
        // A damaged page is skipped by searching for the next capture pattern.
        var damaged = vorbis + MediaBuild.oggPage([[1]], granule: 22050) + MediaBuild.oggPage([[2]], granule: 66150)
        damaged[vorbis.count + 4] = 7  // an unknown version
        #expect(seconds(damaged) == 1.5)
        // A page claiming 255 segments of 255 bytes in a short file is not read.
        let claiming =
            Array("OggS".utf8) + [0, 0] + [UInt8](repeating: 0x10, count: 8) + [7, 0, 0, 0]
            + [UInt8](repeating: 0, count: 8) + [255] + [UInt8](repeating: 255, count: 40)
        #expect(seconds(vorbis + claiming) == nil)
        // Opus: the pre-skip is not playing time; a last granule below it is unreadable.
        var head = Array("OpusHead".utf8) + [1, 1]
        head.appendLE16(3840)
        head += [0x80, 0xBB, 0, 0, 0, 0, 0]
        let opus = MediaBuild.oggPage([head], granule: 0, flags: 0x02)
        #expect(seconds(opus + MediaBuild.oggPage([[0xF8]], granule: 48000 + 3840)) == 1)
        #expect(seconds(opus + MediaBuild.oggPage([[0xF8]], granule: 100)) == nil)
    }

    @Test func wavChunks() {
        let format = MediaBuild.fmt(rate: 16000, channels: 2, bits: 16)  // 64,000 bytes a second
        let samples = [UInt8](repeating: 0, count: 96000)
        // A chunk of odd size is padded to an even one.
        let list = MediaBuild.chunk("LIST", Array("INFOISFT".utf8) + [3, 0, 0, 0, 0x41, 0x42, 0x43])
        #expect(
            seconds(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8) + list + format + MediaBuild.chunk("data", samples))
                == 1.5)
        // Streamed: sizes of 0xFFFFFFFF, or more than there is, count the bytes there.
        let streamed = MediaBuild.chunk("data", samples, claimedSize: 0xFFFF_FFFF)
        let riff: [UInt8] = Array("RIFF".utf8) + [0xFF, 0xFF, 0xFF, 0xFF] + Array("WAVE".utf8)
        #expect(seconds(riff + format + streamed) == 1.5)
        #expect(seconds(riff + format + MediaBuild.chunk("data", samples, claimedSize: 0xFFFF_FFF0)) == 1.5)
        // RF64: the real data size is in `ds64`.
        var ds64: [UInt8] = []
        ds64.appendLE64(0)
        ds64.appendLE64(64000)
        ds64 += [UInt8](repeating: 0, count: 12)
        let rf64: [UInt8] = Array("RF64".utf8) + [0xFF, 0xFF, 0xFF, 0xFF] + Array("WAVE".utf8)
        #expect(seconds(rf64 + MediaBuild.chunk("ds64", ds64) + format + streamed) == 1)
        // No `fmt ` before `data`, or a chunk claiming 4 GB before it: unreadable.
        #expect(seconds(riff + MediaBuild.chunk("data", samples)) == nil)
        #expect(
            seconds(
                riff + MediaBuild.chunk("JUNK", [], claimedSize: 0xFFFF_FFFF) + format
                    + MediaBuild.chunk("data", samples))
                == nil)
        // Rounded to the millisecond.
        #expect(seconds(riff + format + MediaBuild.chunk("data", [UInt8](repeating: 0, count: 64008))) == 1)
    }

    @Test func flacStreamInfo() {
        #expect(seconds(MediaBuild.id3(size: 64) + MediaFixture.flac) == 1)
        var unknownLength = MediaFixture.flac
        unknownLength.replaceSubrange(22..<26, with: [0, 0, 0, 0])  // total samples 0: not recorded
        #expect(seconds(unknownLength) == nil)
        #expect(seconds(Array("fLaC".utf8) + [0x84, 0, 0, 34] + [UInt8](repeating: 0, count: 34)) == nil)
    }

    @Test func rawPCMFollowsTheContentType() {
        let second = [UInt8](repeating: 0, count: 48000)
        #expect(seconds(second) == nil)
        #expect(seconds(second, "audio/pcm") == 1)
        #expect(seconds(second, "Audio/L16; rate=24000; channels=1") == 1)
        #expect(seconds(second, "audio/L16;rate=12000") == 2)
        #expect(seconds(second, "audio/pcm; rate=\"8000\"; channels=3") == 1)
        #expect(seconds(second, "audio/pcm; rate=0") == nil)
        #expect(seconds(second, "audio/wav") == nil)
    }

    @Test func adtsFrames() {
        // Nine frames of 1024 samples at 8 kHz; a cut frame is not counted.
        #expect(seconds(MediaFixture.adts) == 1.152)
        #expect(seconds(Array(MediaFixture.adts.dropLast(1))) == 1.024)
        // Two raw data blocks in a frame count twice.
        var doubled = MediaFixture.adts
        doubled[6] |= 0x01
        #expect(seconds(doubled) == 1.28)
    }

    @Test func contentTypeParameters() {
        let type = MediaProbe.ContentType(" audio/L16 ; channels = 2 ;rate=44100; foo")
        #expect(type.mediaType == "audio/l16")
        #expect(type.rate == 44100)
        #expect(type.channels == 2)
        #expect(type.isRawPCM)
        #expect(!MediaProbe.ContentType(nil).isRawPCM)
    }
}
