import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("Generated result files")
struct ResultFileTests {
    @Test func namesCarryTheSizeAndLength() throws {
        let image = ResultFile(stem: "replicate-7", format: .png, width: 1344, height: 768)
        #expect(image.name == "replicate-7-1344x768.png")
        let video = ResultFile(stem: "luma-3", format: .mp4, width: 1280, height: 720, seconds: 5)
        #expect(video.name == "luma-3-1280x720-5s.mp4")
        let parsed = try #require(ResultFile(name: "x-1280x720-2.5s.mp4"))
        #expect(parsed.width == 1280 && parsed.height == 720 && parsed.seconds == 2.5)
        #expect(ResultFile(name: "x.exe") == nil)
        #expect(ResultFile(name: "../x.png") == nil)
        #expect(ResultFile(name: "huge-99999x99999.png")?.width == ResultFile.maxSide)
    }

    @Test func pngIsValidAtTheRequestedSize() throws {
        let bytes = PNGImage.make(width: 1792, height: 1024, color: (10, 20, 30))
        #expect(starts(bytes, with: Magic.png))
        // IHDR: width and height big-endian right after the chunk type.
        #expect(Array(bytes[12..<16]) == Array("IHDR".utf8))
        #expect(Array(bytes[16..<24]) == [0, 0, 0x07, 0x00, 0, 0, 0x04, 0x00])
        #expect(bytes.count < 100_000)
        // Every chunk's CRC matches, and the image data inflates to height × (1 + 3 × width) bytes.
        var position = 8
        var idat: [UInt8] = []
        while position < bytes.count {
            let length =
                Int(bytes[position]) << 24 | Int(bytes[position + 1]) << 16 | Int(bytes[position + 2]) << 8
                | Int(bytes[position + 3])
            let typed = Array(bytes[(position + 4)..<(position + 8 + length)])
            let crc = bytes[(position + 8 + length)..<(position + 12 + length)].reduce(UInt32(0)) {
                $0 << 8 | UInt32($1)
            }
            #expect(Checksums.crc32(typed) == crc)
            if typed.starts(with: Array("IDAT".utf8)) { idat = Array(typed.dropFirst(4)) }
            position += 12 + length
        }
        let raw = try #require(Inflate.zlib(idat))
        #expect(raw.count == 1024 * (1 + 3 * 1792))
        #expect(Array(raw.prefix(4)) == [1, 10, 20, 30])
        var adler = Adler32()
        adler.add(raw)
        #expect(idat.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } == adler.value)
    }

    @Test func smallAndOddPNGsInflate() throws {
        for (width, height) in [(1, 1), (1, 5), (2, 3), (87, 3), (100, 1)] {
            let bytes = PNGImage.make(width: width, height: height, color: (1, 2, 3))
            let length = Int(bytes[33]) << 24 | Int(bytes[34]) << 16 | Int(bytes[35]) << 8 | Int(bytes[36])
            let raw = try #require(Inflate.zlib(Array(bytes[41..<(41 + length)])))
            #expect(raw.count == height * (1 + 3 * width))
        }
    }

    @Test func jpegWebPAndMP4HaveTheirStructure() {
        let jpeg = JPEGImage.make(width: 1024, height: 768)
        #expect(starts(jpeg, with: Magic.jpeg))
        #expect(jpeg.suffix(2) == [0xFF, 0xD9])
        // SOF0 carries height then width.
        let sof = try! #require(MultipartBody.find([0xFF, 0xC0], in: jpeg, from: 2))
        #expect(Array(jpeg[(sof + 5)..<(sof + 9)]) == [0x03, 0x00, 0x04, 0x00])

        let webp = WebPImage.make(width: 1280, height: 720, color: (1, 2, 3))
        #expect(Magic.isWebP(webp))
        #expect(Array(webp[12..<16]) == Array("VP8L".utf8))
        #expect(webp[20] == 0x2F)
        let bits = UInt32(webp[21]) | UInt32(webp[22]) << 8 | UInt32(webp[23]) << 16 | UInt32(webp[24]) << 24
        #expect(bits & 0x3FFF == 1279)
        #expect(bits >> 14 & 0x3FFF == 719)
        #expect(Int(webp[4]) | Int(webp[5]) << 8 == webp.count - 8)

        let mp4 = MP4Video.make(width: 1280, height: 720, seconds: 5)
        #expect(Magic.isMP4(mp4))
        #expect(AudioDuration.seconds(of: mp4) == 5)
        // Boxes chain to the end of the file.
        var position = 0
        var types: [String] = []
        while position + 8 <= mp4.count {
            let size =
                Int(mp4[position]) << 24 | Int(mp4[position + 1]) << 16 | Int(mp4[position + 2]) << 8
                | Int(mp4[position + 3])
            types.append(String(decoding: mp4[(position + 4)..<(position + 8)], as: UTF8.self))
            position += size
        }
        #expect(position == mp4.count)
        #expect(types == ["ftyp", "moov", "mdat"])
    }

    @Test(arguments: [0.5, 3.0, 61.0])
    func audioFilesReportTheirLength(seconds: Double) {
        let wav = AudioFile.wav(seconds: seconds)
        #expect(Magic.isWAV(wav))
        #expect(AudioDuration.seconds(of: wav) == seconds)
        let mp3 = AudioFile.mp3(seconds: seconds)
        #expect(starts(mp3, with: Magic.mp3))
        #expect(abs(AudioDuration.seconds(of: mp3) - seconds) < 0.025)
        let ogg = AudioFile.oggOpus(seconds: seconds)
        #expect(starts(ogg, with: Magic.ogg))
        #expect(Array(ogg[28..<36]) == Array("OpusHead".utf8))
        #expect(abs(AudioDuration.seconds(of: ogg) - seconds) < 0.03)
    }

    @Test func oggPagesCarryValidChecksums() {
        let ogg = AudioFile.oggOpus(seconds: 12)
        var position = 0
        var pages = 0
        var lastFlags: UInt8 = 0
        while position < ogg.count {
            #expect(Array(ogg[position..<(position + 4)]) == Magic.ogg)
            let segments = Int(ogg[position + 26])
            let bodyLength = ogg[(position + 27)..<(position + 27 + segments)].reduce(0) { $0 + Int($1) }
            let end = position + 27 + segments + bodyLength
            var page = Array(ogg[position..<end])
            let stored = UInt32(page[22]) | UInt32(page[23]) << 8 | UInt32(page[24]) << 16 | UInt32(page[25]) << 24
            page.replaceSubrange(22..<26, with: [0, 0, 0, 0])
            #expect(Checksums.oggCRC(page) == stored)
            lastFlags = page[5]
            position = end
            pages += 1
        }
        #expect(pages == 2 + 3)  // head, tags, 600 packets at 255 a page
        #expect(lastFlags == 0x04)  // end of stream
    }

    @Test func fileRouteServesEveryFormatWithItsContentType() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let cases: [(String, String, ([UInt8]) -> Bool)] = [
                ("a-640x480.png", "image/png", { starts($0, with: Magic.png) }),
                ("a-640x480.jpg", "image/jpeg", { starts($0, with: Magic.jpeg) }),
                ("a-640x480.webp", "image/webp", Magic.isWebP),
                ("a-640x480-4s.mp4", "video/mp4", Magic.isMP4),
                ("a-2s.mp3", "audio/mpeg", { starts($0, with: Magic.mp3) }),
                ("a-2s.wav", "audio/wav", Magic.isWAV),
                ("a-2s.ogg", "audio/ogg", { starts($0, with: Magic.ogg) }),
            ]
            for (name, type, check) in cases {
                for prefix in ["/files/", "/replicate/files/", "/elevenlabs/files/"] {
                    let response = try await client.execute(uri: prefix + name, method: .get)
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == type)
                    #expect(check(response.body.bytes), "\(name)")
                }
            }
            let again = try await client.execute(uri: "/files/a-640x480.png", method: .get)
            let first = try await client.execute(uri: "/files/a-640x480.png", method: .get)
            #expect(again.body == first.body)
            #expect(try await client.execute(uri: "/files/a.exe", method: .get).status == .notFound)
        }
        #expect(simulator.stats.filesServed == 23)
    }
}
