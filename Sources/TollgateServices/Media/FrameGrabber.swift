import Foundation
import NIOCore
import NIOPosix

/// The first frame of a video as a JPEG, cut by an `ffmpeg` executable: the thumbnail of a video whose provider
/// gives none and that was made from text alone (one made from a start frame shows that frame). ffmpeg runs as a
/// child process on a file of its own, reading nothing but that file, with a deadline; without ffmpeg (or with
/// `ffmpeg = off`) such a video has no thumbnail.
public struct FrameGrabber: Sendable {
    /// The ffmpeg executable, or nil when there is none.
    public let executable: String?
    /// Where the video and its frame are written while ffmpeg works.
    let scratchDirectory: String
    /// How long ffmpeg may take before it is stopped.
    var deadline: Duration = .seconds(30)
    /// One ffmpeg per core at a time (each decodes on one thread): a burst of finished videos queues here.
    let turns = TurnGate(limit: System.coreCount)

    /// The threads that write a video out and read its frame back: a pool of their own, as the password hasher's, so
    /// a large video never holds up NIO's shared blocking pool (SQLite's reads, address lookups) while it is written.
    static let files: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }()

    /// The widest thumbnail; a larger frame is scaled down, keeping its shape.
    static let maxWidth = 1280
    /// The largest frame file read back.
    static let maxFrameBytes = 8 << 20

    /// A grabber running `ffmpeg`: a path, or a name looked up on `PATH`; `""` or `off` for none.
    public init(ffmpeg: String, scratchDirectory: String, environment: [String: String]) {
        self.executable = Self.locate(ffmpeg, searchPath: environment["PATH"])
        self.scratchDirectory = scratchDirectory
    }

    /// The executable `name` stands for: itself when it names a path, else the first match on `searchPath`.
    static func locate(_ name: String, searchPath: String?) -> String? {
        guard !name.isEmpty, name != "off" else { return nil }
        let candidates =
            name.contains("/")
            ? [name] : (searchPath ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The first frame of `video` as JPEG bytes, or nil when there is none to be had: no ffmpeg, bytes it cannot
    /// decode, or no answer before the deadline.
    public func firstFrame(of video: [UInt8]) async -> [UInt8]? {
        guard let executable, !video.isEmpty else { return nil }
        let stem = (scratchDirectory as NSString).appendingPathComponent("frame-\(UUID().uuidString)")
        let (input, output) = (stem + ".video", stem + ".jpg")
        let pool = Self.files
        defer {
            for path in [input, output] { try? FileManager.default.removeItem(atPath: path) }
        }
        do {
            try await pool.runIfActive {
                try FileManager.default.createDirectory(atPath: scratchDirectory, withIntermediateDirectories: true)
                try Data(video).write(to: URL(fileURLWithPath: input))
            }
        } catch {
            return nil
        }
        // Read only the file, decode on one thread; write the first frame, at most maxWidth wide, as a JPEG.
        let arguments =
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "file", "-threads", "1"]
            + ["-i", input, "-frames:v", "1", "-an", "-vf", "scale='min(iw,\(Self.maxWidth))':-2"]
            + ["-q:v", "3", "-f", "image2", "-c:v", "mjpeg", "-y", output]
        let deadline = self.deadline
        let status = await turns.run { await ChildProcess.run(executable, arguments, deadline: deadline) }
        guard status == 0 else { return nil }
        let frame = try? await pool.runIfActive { () -> [UInt8]? in
            let attributes = try FileManager.default.attributesOfItem(atPath: output)
            guard let size = attributes[.size] as? Int, size > 0, size <= Self.maxFrameBytes else { return nil }
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
        }
        return frame ?? nil
    }
}
