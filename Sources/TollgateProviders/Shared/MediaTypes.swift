import TollgateCore

/// An input file of a media request: a public URL the provider fetches itself, or bytes the gateway
/// already holds (an upload, or a URL it fetched and checked) to send inline or as multipart.
public enum MediaInput: Sendable, Equatable {
    case url(String)
    case data(bytes: [UInt8], contentType: String, filename: String)
}

/// A media generation request, provider-neutral.
public struct MediaRequest: Sendable, Equatable {
    /// The catalog slug (`dall-e-3`, `kling-v2.1`, …): one provider serves several kinds of model.
    public var slug: String
    /// The provider's own model id or path (the catalog's `upstream_model`).
    public var model: String
    /// The catalog category (`image`, `video`, `tts`, `stt`, `music`, `audio_tool`, `image_tool`).
    public var category: String
    /// The text prompt (or the text to speak), if any.
    public var prompt: String?
    /// Params resolved against the catalog (checked, defaults filled).
    public var params: [String: JSONValue]
    /// Input files by param name (`image_url`, `audio_url`, `mask_url`, `audio`, …).
    public var inputs: [String: MediaInput]

    public init(
        slug: String, model: String, category: String, prompt: String?, params: [String: JSONValue],
        inputs: [String: MediaInput] = [:]
    ) {
        self.slug = slug
        self.model = model
        self.category = category
        self.prompt = prompt
        self.params = params
        self.inputs = inputs
    }
}

/// A result file: a URL to download (the gateway re-hosts it) or bytes the provider returned inline.
public enum MediaFile: Sendable, Equatable {
    case url(String, contentType: String?)
    case data([UInt8], contentType: String)
}

/// What a finished media generation produced.
public struct MediaResult: Sendable, Equatable {
    /// The main result file, if the model makes one.
    public var file: MediaFile?
    /// A poster frame or preview, if the provider gives one.
    public var thumbnail: MediaFile?
    /// Text output: transcripts, OCR.
    public var text: String?
    /// `width`, `height`, `duration` (seconds) where known.
    public var width: Int?
    public var height: Int?
    public var durationSeconds: Double?
    /// The seed used, where the model takes one.
    public var seed: Int64?
    /// The measured length of the source, for models priced by it (el-dubbing).
    public var sourceSeconds: Double?

    public init(
        file: MediaFile? = nil, thumbnail: MediaFile? = nil, text: String? = nil, width: Int? = nil, height: Int? = nil,
        durationSeconds: Double? = nil, seed: Int64? = nil, sourceSeconds: Double? = nil
    ) {
        self.file = file
        self.thumbnail = thumbnail
        self.text = text
        self.width = width
        self.height = height
        self.durationSeconds = durationSeconds
        self.seed = seed
        self.sourceSeconds = sourceSeconds
    }
}

/// What a provider said to a submission.
public enum MediaSubmission: Sendable, Equatable {
    /// The result came back at once (sync APIs: OpenAI images and speech, ElevenLabs TTS, …).
    case completed(MediaResult)
    /// A job was created upstream; poll it by this id, after the suggested delay if any.
    case submitted(upstreamID: String, pollAfterSeconds: Double?)
}

/// What a provider said to a poll.
public enum MediaPoll: Sendable, Equatable {
    case running(progress: Double?, pollAfterSeconds: Double?)
    case completed(MediaResult)
    case failed(ProviderFailure)
}
