import Foundation
import NIOCore
import NIOPosix

/// A still frame cut by an `ffmpeg` executable: a video's first frame as a JPEG, the thumbnail of a video whose
/// provider gives none and that was made from text alone (one made from a start frame shows that frame); and an
/// image in another format, for a model asked for a format its upstream does not make. ffmpeg runs as a child
/// process on a file of its own, reading nothing but that file, with a deadline; without ffmpeg (or with
/// `ffmpeg = off`) such a video has no thumbnail and such a model takes only its upstream's formats.
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
    /// The largest frame file read back (a converted image is as large as a kept file may be).
    static let maxFrameBytes = 64 << 20

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

    /// The first frame of `video` as JPEG bytes, at most `maxWidth` wide, or nil when there is none to be had: no
    /// ffmpeg, bytes it cannot decode, or no answer before the deadline.
    public func firstFrame(of video: [UInt8]) async -> [UInt8]? {
        await frame(of: video, as: .jpeg, maxWidth: Self.maxWidth)
    }

    /// `image` in another file format at its own size, or nil when it cannot be had (as `firstFrame`): what a model
    /// whose upstream makes another format answers when asked for `format`.
    public func image(_ image: [UInt8], as format: ImageFormat) async -> [UInt8]? {
        await frame(of: image, as: format, maxWidth: nil)
    }

    /// The first frame of `input` (a video or an image) written as `format`, scaled down to `maxWidth` when wider.
    func frame(of input: [UInt8], as format: ImageFormat, maxWidth: Int?) async -> [UInt8]? {
        guard let executable, !input.isEmpty else { return nil }
        let stem = (scratchDirectory as NSString).appendingPathComponent("frame-\(UUID().uuidString)")
        let (source, output) = (stem + ".input", stem + "." + format.rawValue)
        let pool = Self.files
        defer {
            for path in [source, output] { try? FileManager.default.removeItem(atPath: path) }
        }
        do {
            try await pool.runIfActive {
                try FileManager.default.createDirectory(atPath: scratchDirectory, withIntermediateDirectories: true)
                try Data(input).write(to: URL(fileURLWithPath: source))
            }
        } catch {
            return nil
        }
        // Read only the file, decode on one thread; write its first frame alone.
        let arguments =
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "file", "-threads", "1"]
            + ["-i", source, "-frames:v", "1", "-an"]
            + (maxWidth.map { ["-vf", "scale='min(iw,\($0))':-2"] } ?? [])
            + ["-f", "image2"] + format.encoderArguments + ["-y", output]
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

    /// A still image's file format, as the catalog's `format` values name it.
    public enum ImageFormat: String, Sendable, CaseIterable {
        case jpeg, png, webp

        /// The format a content type names, if it is one of these.
        public init?(contentType: String) {
            let type = contentType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = Self.allCases.first(where: { $0.contentType == type }) else { return nil }
            self = format
        }

        public var contentType: String { "image/" + rawValue }

        /// ffmpeg's encoder and quality for it: JPEG at quality 3 of 2–31, lossy WebP at 90 of 100 (libwebp),
        /// lossless PNG.
        var encoderArguments: [String] {
            switch self {
            case .jpeg: ["-c:v", "mjpeg", "-q:v", "3"]
            case .png: ["-c:v", "png"]
            case .webp: ["-c:v", "libwebp", "-quality", "90"]
            }
        }
    }
}
