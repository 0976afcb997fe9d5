/// A generated result file, named so that its name says everything needed to make it:
/// `<stem>-<W>x<H>.<ext>` for images and videos, `<stem>-<S>s.<ext>` for audio and video length
/// (e.g. `replicate-p3x9-0-1024x768.png`, `luma-7f2c-1280x720-5s.mp4`, `elevenlabs-tts-12-3s.mp3`).
/// Served by `GET /files/{name}` (and `/{provider}/files/{name}`); the same name always gives the same bytes.
struct ResultFile: Sendable, Equatable {
    /// The file's kind, from its extension.
    enum Format: String, Sendable, CaseIterable {
        case png, jpg, jpeg, webp, mp4, mp3, wav, ogg, opus, pcm

        /// The `Content-Type` it is served with.
        var contentType: String {
            switch self {
            case .png: "image/png"
            case .jpg, .jpeg: "image/jpeg"
            case .webp: "image/webp"
            case .mp4: "video/mp4"
            case .mp3: "audio/mpeg"
            case .wav: "audio/wav"
            case .ogg, .opus: "audio/ogg"
            case .pcm: "audio/pcm"
            }
        }

        /// Whether it is a picture.
        var isImage: Bool { [.png, .jpg, .jpeg, .webp].contains(self) }
    }

    /// The largest side of a generated image or video.
    static let maxSide = 4096
    /// The longest generated audio or video, in seconds.
    static let maxSeconds = 1200.0

    /// The name, as it appears in URLs.
    let name: String
    let format: Format
    let width: Int
    let height: Int
    let seconds: Double
    /// Whether the name states a length (`-5s`), rather than `seconds` being the 1 s default.
    let namesLength: Bool

    /// A file name from its parts; `stem` is made URL-safe.
    init(stem: String, format: Format, width: Int? = nil, height: Int? = nil, seconds: Double? = nil) {
        var name = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        if let width, let height { name += "-\(width)x\(height)" }
        if let seconds { name += "-" + Self.secondsText(seconds) + "s" }
        name += "." + format.rawValue
        self.init(name: name)!
    }

    /// Reads a file name; `nil` when its extension is not a generated format.
    init?(name: String) {
        guard let dot = name.lastIndex(of: "."),
            let format = Format(rawValue: name[name.index(after: dot)...].lowercased()),
            !name.contains("/")
        else { return nil }
        var width = 1024, height = 1024, seconds = 1.0, namesLength = false
        for token in name[..<dot].split(whereSeparator: { $0 == "-" || $0 == "_" }) {
            let parts = token.split(separator: "x")
            if parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0 {
                width = min(w, Self.maxSide)
                height = min(h, Self.maxSide)
            } else if token.hasSuffix("s"), let value = Double(token.dropLast()), value > 0, value.isFinite {
                seconds = min(value, Self.maxSeconds)
                namesLength = true
            }
        }
        self.name = name
        self.format = format
        self.width = width
        self.height = height
        self.seconds = seconds
        self.namesLength = namesLength
    }

    /// The file's bytes.
    func bytes() -> [UInt8] {
        switch format {
        case .png: PNGImage.make(width: width, height: height, color: color)
        case .jpg, .jpeg: JPEGImage.make(width: width, height: height)
        case .webp: WebPImage.make(width: width, height: height, color: color)
        case .mp4: MP4Video.make(width: width, height: height, seconds: seconds, color: color)
        case .mp3: AudioFile.mp3(seconds: seconds)
        case .wav: AudioFile.wav(seconds: seconds)
        case .ogg, .opus: AudioFile.oggOpus(seconds: seconds)
        case .pcm: AudioFile.pcm(seconds: seconds)
        }
    }

    /// The file's absolute URL under `base` (`http://host:port`).
    func url(base: String) -> String {
        base + "/files/" + name
    }

    /// A colour picked from the name, so different files look different.
    private var color: (UInt8, UInt8, UInt8) {
        let seed = SeededRandom.seed(name)
        return (UInt8(seed & 0xFF), UInt8(seed >> 8 & 0xFF), UInt8(seed >> 16 & 0xFF))
    }

    /// `5` for 5.0, `2.5` for 2.5.
    static func secondsText(_ seconds: Double) -> String {
        let rounded = (seconds * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
