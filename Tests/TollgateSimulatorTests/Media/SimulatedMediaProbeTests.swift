import Testing
import TollgateCore

@testable import TollgateSimulator

/// The simulator's result files read back, through the gateway's header probe, as what they were made to be:
/// what a generation's `result_metadata` will say of them.
@Suite struct SimulatedMediaProbeTests {
    static func facts(_ bytes: [UInt8], _ type: String? = nil) -> MediaFacts? {
        MediaProbe.facts(of: bytes, contentType: type)
    }

    @Test func imagesGiveTheirSize() {
        #expect(
            Self.facts(PNGImage.make(width: 1024, height: 768, color: (1, 2, 3)))
                == MediaFacts(width: 1024, height: 768))
        #expect(Self.facts(JPEGImage.make(width: 640, height: 480)) == MediaFacts(width: 640, height: 480))
        #expect(
            Self.facts(WebPImage.make(width: 300, height: 200, color: (1, 2, 3))) == MediaFacts(width: 300, height: 200)
        )
    }

    @Test func videoGivesSizeAndLength() {
        #expect(
            Self.facts(MP4Video.make(width: 1280, height: 720, seconds: 5.5))
                == MediaFacts(width: 1280, height: 720, durationSeconds: 5.5))
    }

    @Test func audioGivesItsLength() {
        #expect(Self.facts(AudioFile.wav(seconds: 2.5)) == MediaFacts(durationSeconds: 2.5))
        #expect(Self.facts(AudioFile.pcm(seconds: 2.5), "audio/pcm") == MediaFacts(durationSeconds: 2.5))
        // Whole frames of 24 ms.
        #expect(Self.facts(AudioFile.mp3(seconds: 2.5)) == MediaFacts(durationSeconds: 2.52))
        #expect(Self.facts(AudioFile.oggOpus(seconds: 2.5)) == MediaFacts(durationSeconds: 2.5))
    }
}
