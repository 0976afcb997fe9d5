import Testing

@testable import TollgateCore

/// JPEG's marker walk and the image formats' bounds.
@Suite struct ImageProbeTests {
    private func size(_ bytes: [UInt8]) -> MediaFacts? {
        MediaProbe.facts(of: bytes, contentType: nil)
    }

    /// A marker segment: the marker, a length counting itself, the payload.
    private func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    /// A start-of-frame payload of one component.
    private func frame(width: UInt16, height: UInt16) -> [UInt8] {
        [8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 1, 1, 0x11, 0]
    }

    @Test func jpegMarkerWalk() {
        // An Exif thumbnail's own frame header inside APP1 is skipped with its segment.
        let thumbnail: [UInt8] =
            Array("Exif".utf8) + [0, 0, 0xFF, 0xD8] + segment(0xC0, frame(width: 160, height: 120))
        let tables = segment(0xC4, [0x00] + [UInt8](repeating: 0, count: 16)) + segment(0xCC, [0, 0])
        // Fill bytes, a stray RST marker and a TEM marker stand between segments.
        let standalone: [UInt8] = [0xFF, 0xFF, 0xFF, 0xD3, 0xFF, 0x01]
        let image =
            [0xFF, 0xD8] + segment(0xE1, thumbnail) + tables + standalone
            + segment(0xC2, frame(width: 4032, height: 3024)) + [0xFF, 0xD9]
        #expect(size(image) == MediaFacts(width: 4032, height: 3024))
        // The frame header may follow a scan; its entropy-coded data, stuffed 0xFF00 and RSTs are skipped.
        let scan = segment(0xDA, [1, 1, 0, 0, 0x3F, 0]) + [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]
        #expect(
            size([0xFF, 0xD8] + scan + segment(0xC1, frame(width: 33, height: 17))) == MediaFacts(width: 33, height: 17)
        )
        // End of image first, a short length, or a height of 0 (given later by DNL): unreadable.
        #expect(size([0xFF, 0xD8, 0xFF, 0xD9] + segment(0xC0, frame(width: 8, height: 8))) == nil)
        #expect(size([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01] + segment(0xC0, frame(width: 8, height: 8))) == nil)
        #expect(size([0xFF, 0xD8] + segment(0xC0, frame(width: 8, height: 0))) == nil)
        // A segment claiming 64 KiB in a short file ends the walk.
        #expect(size([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00]) == nil)
    }

    @Test func bounds() {
        var png = MediaFixture.png2x3
        png.replaceSubrange(16..<20, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(size(png) == nil)
        png.replaceSubrange(16..<20, with: [0x7F, 0xFF, 0xFF, 0xFF])
        #expect(size(png) == MediaFacts(width: 2_147_483_647, height: 3))
        png.replaceSubrange(12..<16, with: Array("IDAT".utf8))
        #expect(size(png) == nil)
        var gif = MediaFixture.gif5x4
        gif.replaceSubrange(6..<8, with: [0, 0])
        #expect(size(gif) == nil)
        // WebP: a VP8L chunk without its signature byte, a VP8 chunk without its start code.
        var lossless = MediaFixture.webpLossless5x4
        lossless[20] = 0x2E
        #expect(size(lossless) == nil)
        var lossy = MediaFixture.webpLossy5x4
        lossy[23] = 0x9E
        #expect(size(lossy) == nil)
        // The largest extended canvas: 2²⁴ a side.
        var extended = MediaFixture.webpExtended5x4
        extended.replaceSubrange(24..<30, with: [UInt8](repeating: 0xFF, count: 6))
        #expect(size(extended) == MediaFacts(width: 16_777_216, height: 16_777_216))
    }
}
