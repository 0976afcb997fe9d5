import Testing

@testable import TollgateCore

/// ISO-BMFF and Matroska: where `moov` lies, box sizes, header versions, track choice, fragments, EBML.
@Suite struct VideoProbeTests {
    private let movieHeader = MediaBuild.mvhd(version: 0, timescale: 600, duration: 1500)
    private let videoTrack = MediaBuild.trak(width: 320, height: 240, handler: "vide")

    private func probe(_ bytes: [UInt8]) -> MediaFacts? {
        MediaProbe.facts(of: bytes, contentType: nil)
    }

    @Test func moovAfterMdatOfEverySize() {
        let moov = MediaBuild.box("moov", movieHeader + videoTrack)
        let expected = MediaFacts(width: 320, height: 240, durationSeconds: 2.5)
        let payload = [UInt8](repeating: 0xAB, count: 5000)
        #expect(probe(MediaBuild.ftyp + moov) == expected)
        #expect(probe(MediaBuild.ftyp + MediaBuild.box("mdat", payload) + moov) == expected)
        #expect(probe(MediaBuild.ftyp + MediaBuild.largeBox("mdat", payload) + moov) == expected)
        #expect(
            probe(MediaBuild.ftyp + MediaBuild.box("free", []) + MediaBuild.largeBox("moov", movieHeader + videoTrack))
                == expected)
        // A last box of size 0 runs to the end of the file.
        #expect(probe(MediaBuild.ftyp + moov + [0, 0, 0, 0] + Array("mdat".utf8) + payload) == expected)
        #expect(probe(MediaBuild.ftyp + [0, 0, 0, 0] + Array("mdat".utf8) + payload + moov) == nil)
        // QuickTime files may start without `ftyp`.
        #expect(probe(MediaBuild.box("wide", []) + MediaBuild.box("mdat", payload) + moov) == expected)
    }

    @Test func boxesClaimingMoreThanTheFileAreClamped() {
        var hugeMdat: [UInt8] = [0xFF, 0xFF, 0xFF, 0xF0] + Array("mdat".utf8)
        #expect(probe(MediaBuild.ftyp + hugeMdat + MediaBuild.box("moov", movieHeader + videoTrack)) == nil)
        hugeMdat = [0, 0, 0, 1] + Array("mdat".utf8) + [UInt8](repeating: 0xFF, count: 8)
        #expect(probe(MediaBuild.ftyp + hugeMdat + MediaBuild.box("moov", movieHeader)) == nil)
        // A moov claiming 4 GB is read as far as it goes.
        let moov = [0xFF, 0xFF, 0xFF, 0xFF] + Array("moov".utf8) + movieHeader + videoTrack
        #expect(probe(MediaBuild.ftyp + moov) == MediaFacts(width: 320, height: 240, durationSeconds: 2.5))
        // Sizes smaller than their header end the walk.
        #expect(probe(MediaBuild.ftyp + [0, 0, 0, 4] + Array("moov".utf8) + movieHeader) == nil)
    }

    @Test func movieHeaderVersions() {
        let tenHours = MediaBuild.mvhd(version: 1, timescale: 90000, duration: 90000 * 36000)  // more than 32 bits
        #expect(probe(MediaBuild.ftyp + MediaBuild.box("moov", tenHours + videoTrack))?.durationSeconds == 36000)
        let unknown = MediaBuild.mvhd(version: 0, timescale: 600, duration: 0xFFFF_FFFF)
        #expect(
            probe(MediaBuild.ftyp + MediaBuild.box("moov", unknown + videoTrack)) == MediaFacts(width: 320, height: 240)
        )
        let noTimescale = MediaBuild.mvhd(version: 0, timescale: 0, duration: 600)
        #expect(probe(MediaBuild.ftyp + MediaBuild.box("moov", noTimescale + videoTrack))?.durationSeconds == nil)
        let rounding = MediaBuild.mvhd(version: 0, timescale: 30000, duration: 100_100)  // 3.336666…
        #expect(probe(MediaBuild.ftyp + MediaBuild.box("moov", rounding))?.durationSeconds == 3.337)
    }

    @Test func theFirstVideoTrackGivesTheSize() {
        let sound = MediaBuild.trak(id: 1, width: 0, height: 0, handler: "soun")
        let subtitles = MediaBuild.trak(id: 2, width: 640, height: 80, handler: "text")
        let video = MediaBuild.trak(id: 3, width: 1920, height: 1080, handler: "vide")
        let second = MediaBuild.trak(id: 4, width: 640, height: 360, handler: "vide")
        let moov = MediaBuild.box("moov", movieHeader + sound + subtitles + video + second)
        #expect(probe(MediaBuild.ftyp + moov) == MediaFacts(width: 1920, height: 1080, durationSeconds: 2.5))
        // Without handlers, the first track header with a size.
        let bare = [
            MediaBuild.trak(width: 0, height: 0, handler: nil), MediaBuild.trak(width: 720, height: 1280, handler: nil),
        ]
        #expect(
            probe(MediaBuild.ftyp + MediaBuild.box("moov", movieHeader + bare.joined()))
                == MediaFacts(width: 720, height: 1280, durationSeconds: 2.5))
        // Audio only: a duration and no size.
        #expect(
            probe(MediaBuild.ftyp + MediaBuild.box("moov", movieHeader + sound)) == MediaFacts(durationSeconds: 2.5))
        #expect(probe(MediaBuild.ftyp + MediaBuild.box("moov", sound)) == nil)
    }

    @Test func fragmentedMovies() {
        let emptyMovie = MediaBuild.mvhd(version: 0, timescale: 1000, duration: 0)
        let track = MediaBuild.trak(width: 640, height: 480, handler: "vide", timescale: 25000)
        // The movie extends header gives the whole duration.
        let withMehd = MediaBuild.box(
            "moov", emptyMovie + track + MediaBuild.mvex(defaultDuration: 1000, fragmentDuration: 7480))
        #expect(probe(MediaBuild.ftyp + withMehd) == MediaFacts(width: 640, height: 480, durationSeconds: 7.48))
        // Otherwise the fragments: 3 × 25 samples of the `trex` default 1000 / 25000 s, each after the last.
        let moov = MediaBuild.box("moov", emptyMovie + track + MediaBuild.mvex(defaultDuration: 1000))
        let fragments = (0..<3).map { _ in MediaBuild.moof(count: 25, defaultDuration: nil, decodeTime: nil) }
        #expect(probe(MediaBuild.ftyp + moov + fragments.joined())?.durationSeconds == 3)
        // Decode times place fragments; `tfhd` defaults and per-sample durations beat the `trex` default.
        let placed =
            MediaBuild.moof(count: 25, defaultDuration: 2000, decodeTime: 0)
            + MediaBuild.moof(count: 4, defaultDuration: nil, decodeTime: 250_000, durations: [1000, 1000, 1000, 500])
        #expect(probe(MediaBuild.ftyp + moov + placed)?.durationSeconds == 10.14)
        // An init segment alone plays for nothing known.
        #expect(probe(MediaBuild.ftyp + moov) == MediaFacts(width: 640, height: 480))
        // A run claiming 4 billion per-sample records reads only those there.
        var run = MediaBuild.moof(count: 2, defaultDuration: nil, decodeTime: 0, durations: [25000, 25000])
        run.replaceSubrange((run.count - 20)..<(run.count - 16), with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(probe(MediaBuild.ftyp + moov + run)?.durationSeconds == 2)
    }

    @Test func repeatedBoxesCostLinearTime() {
        // Thousands of `mvex` boxes, each of which could send a reader over thousands of `moof`s, and more
        // `trak` boxes than are read.
        let emptyMovie = MediaBuild.mvhd(version: 0, timescale: 1000, duration: 0)
        let track = MediaBuild.trak(width: 640, height: 480, handler: "vide", timescale: 1000)
        let repeated = [[UInt8]](repeating: MediaBuild.mvex(defaultDuration: 1), count: 20000).joined()
        let tracks = [[UInt8]](repeating: MediaBuild.trak(width: 0, height: 0, handler: "soun"), count: 5000).joined()
        let moov = MediaBuild.box("moov", emptyMovie + tracks + track + Array(repeated))
        let fragment = MediaBuild.moof(count: 1, defaultDuration: nil, decodeTime: nil)
        let fragments = [[UInt8]](repeating: fragment, count: 20000).joined()
        // The video track lies past the 64 read; the fragments: 20000 samples of 1 ms.
        #expect(probe(MediaBuild.ftyp + moov + Array(fragments)) == MediaFacts(durationSeconds: 20))
    }

    @Test func heifItemsGiveTheLargestExtents() {
        func ispe(_ width: UInt32, _ height: UInt32) -> [UInt8] {
            var payload: [UInt8] = [0, 0, 0, 0]
            payload.appendBE32(width)
            payload.appendBE32(height)
            return MediaBuild.box("ispe", payload)
        }
        // An iPhone-style grid: 512×512 tiles, a 320×240 thumbnail, then the 4032×3024 grid item.
        let ipco = MediaBuild.box("ipco", ispe(512, 512) + ispe(320, 240) + ispe(4032, 3024) + ispe(0, 10))
        let meta = MediaBuild.box(
            "meta",
            [0, 0, 0, 0] + MediaBuild.box("hdlr", [UInt8](repeating: 0, count: 24)) + MediaBuild.box("iprp", ipco))
        var brand: [UInt8] = []
        brand.appendASCII("heic")
        #expect(probe(MediaBuild.box("ftyp", brand + [0, 0, 0, 0]) + meta) == MediaFacts(width: 4032, height: 3024))
        #expect(probe(MediaBuild.box("ftyp", brand) + MediaBuild.box("meta", [0, 0])) == nil)
    }

    @Test func matroskaWithUnknownSizes() {
        let header = MediaBuild.element(
            [0x1A, 0x45, 0xDF, 0xA3], MediaBuild.element([0x42, 0x82], Array("webm".utf8)))
        var duration: [UInt8] = []
        duration.appendBE32(Float(2500).bitPattern)  // a 4-byte float, in TimecodeScale units
        let info = MediaBuild.element(
            [0x15, 0x49, 0xA9, 0x66],
            MediaBuild.element([0x2A, 0xD7, 0xB1], [0x0F, 0x42, 0x40]) + MediaBuild.element([0x44, 0x89], duration))
        let video = MediaBuild.element(
            [0xE0], MediaBuild.element([0xB0], [0x02, 0x80]) + MediaBuild.element([0xBA], [0x01, 0x68]))
        let audioEntry = MediaBuild.element([0xAE], MediaBuild.element([0x83], [2]))
        let videoEntry = MediaBuild.element([0xAE], MediaBuild.element([0x83], [1]) + video)
        let tracks = MediaBuild.element([0x16, 0x54, 0xAE, 0x6B], audioEntry + videoEntry)
        let cluster = MediaBuild.element([0x1F, 0x43, 0xB6, 0x75], [0xE7, 0x81, 0x00], unknownSize: true)
        let segment = MediaBuild.element([0x18, 0x53, 0x80, 0x67], info + tracks + cluster, unknownSize: true)
        #expect(probe(header + segment) == MediaFacts(width: 640, height: 360, durationSeconds: 2.5))
        // Live recordings carry no Duration.
        let live = MediaBuild.element([0x18, 0x53, 0x80, 0x67], tracks + cluster, unknownSize: true)
        #expect(probe(header + live) == MediaFacts(width: 640, height: 360))
        // An element claiming far more than the file is read as far as it goes.
        let claiming = [0x18, 0x53, 0x80, 0x67, 0x01, 0x7F] + [UInt8](repeating: 0xFF, count: 6) + info
        #expect(probe(header + claiming) == MediaFacts(durationSeconds: 2.5))
        #expect(probe(header) == nil)
    }
}
