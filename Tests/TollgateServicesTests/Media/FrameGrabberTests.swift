import Foundation
import Testing
import TollgateCore

@testable import TollgateServices

/// The first frames of videos, cut by the real ffmpeg (`scripts/test` installs it).
@Suite struct FrameGrabberTests {
    let scratch = NSTemporaryDirectory() + "tollgate-frames-" + UUID().uuidString
    let environment = ProcessInfo.processInfo.environment

    var grabber: FrameGrabber { FrameGrabber(ffmpeg: "ffmpeg", scratchDirectory: scratch, environment: environment) }

    /// A real H.264 MP4 made by ffmpeg: a second of `width`×`height` red.
    func video(width: Int, height: Int) async throws -> [UInt8] {
        let ffmpeg = try #require(grabber.executable, "ffmpeg is not installed (scripts/test installs it)")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let path = scratch + "/made-\(width)x\(height).mp4"
        let made = await ChildProcess.run(
            ffmpeg,
            [
                "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:s=\(width)x\(height):d=1", "-c:v",
                "libx264", "-pix_fmt", "yuv420p", "-y", path,
            ], deadline: .seconds(120))
        #expect(made == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func theFirstFrameIsAJPEGOfTheVideosShape() async throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let frame = try #require(await grabber.firstFrame(of: try await video(width: 640, height: 360)))
        #expect(Array(frame.prefix(3)) == [0xFF, 0xD8, 0xFF])
        #expect(MediaProbe.facts(of: frame, contentType: "image/jpeg") == MediaFacts(width: 640, height: 360))
        // A larger frame is scaled down to 1280 wide, keeping its shape.
        let portrait = try #require(await grabber.firstFrame(of: try await video(width: 1080, height: 1920)))
        #expect(MediaProbe.facts(of: portrait, contentType: "image/jpeg") == MediaFacts(width: 1080, height: 1920))
        let wide = try #require(await grabber.firstFrame(of: try await video(width: 1920, height: 1080)))
        #expect(MediaProbe.facts(of: wide, contentType: "image/jpeg") == MediaFacts(width: 1280, height: 720))
        // Nothing is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
    }

    /// An image converted to each format keeps its size (never scaled as a thumbnail is) and is what it says.
    @Test func anImageIsConvertedAtItsOwnSize() async throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var image = try #require(
            await grabber.frame(of: try await video(width: 1920, height: 1080), as: .png, maxWidth: nil))
        for format in [FrameGrabber.ImageFormat.webp, .jpeg, .png, .webp] {
            image = try #require(await grabber.image(image, as: format), "\(format)")
            let signature: [UInt8] =
                switch format {
                case .png: [0x89, 0x50, 0x4E, 0x47]
                case .jpeg: [0xFF, 0xD8, 0xFF]
                case .webp: Array("RIFF".utf8)
                }
            #expect(image.starts(with: signature), "\(format)")
            #expect(
                MediaProbe.facts(of: image, contentType: format.contentType) == MediaFacts(width: 1920, height: 1080),
                "\(format)")
        }
        #expect(await grabber.image(Array("not an image".utf8), as: .webp) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        #expect(FrameGrabber.ImageFormat(contentType: "image/webp; charset=binary") == .webp)
        #expect(FrameGrabber.ImageFormat(contentType: "image/jpg") == nil)
    }

    @Test func whatIsNotAVideoHasNoFrame() async {
        #expect(await grabber.firstFrame(of: Array("not a video at all".utf8)) == nil)
        #expect(await grabber.firstFrame(of: []) == nil)
    }

    @Test func withoutFFmpegThereIsNoFrame() async throws {
        for name in ["off", "", "no-such-ffmpeg", "/nonexistent/ffmpeg"] {
            let none = FrameGrabber(ffmpeg: name, scratchDirectory: scratch, environment: environment)
            #expect(none.executable == nil, "\(name)")
            #expect(await none.firstFrame(of: [0, 0, 0, 24]) == nil)
        }
        #expect(FrameGrabber.locate("ffmpeg", searchPath: "/nowhere:/also/nowhere") == nil)
    }

    /// An ffmpeg that hangs is stopped at the deadline: this one would write a "frame" after 30 s. (It waits in a
    /// shell builtin: a child such as `sleep` would outlive the shell and keep Foundation waiting for its exit.)
    @Test func aHungFFmpegIsStoppedAtTheDeadline() async throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let script = scratch + "/hanging-ffmpeg"
        let text = #"""
            #!/bin/bash
            out="${@: -1}"
            mkfifo "$out.fifo"
            read -r -t 30 <> "$out.fifo"
            printf late > "$out"
            """#
        #expect(FileManager.default.createFile(atPath: script, contents: Data(text.utf8)))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var hanging = FrameGrabber(ffmpeg: script, scratchDirectory: scratch, environment: environment)
        hanging.deadline = .milliseconds(500)
        #expect(await hanging.firstFrame(of: Array("video".utf8)) == nil)
    }
}
