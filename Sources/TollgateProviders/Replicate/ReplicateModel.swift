import Foundation
import TollgateCore

/// How Tollgate runs one catalog slug on Replicate: where its predictions go, how the catalog's params
/// become the model's own input schema, and what its output means. The table lives in the
/// `ReplicateModel+<Family>.swift` files.
struct ReplicateModel: Sendable {
    /// What a finished prediction's `output` holds.
    enum Output: Sendable, Equatable {
        /// A URL (or a list of URLs, the first taken) to a file.
        case file
        /// Plain text (OCR).
        case text
    }

    /// What the params say about the result, for when the output (a bare URL) does not.
    struct Shape: Sendable, Equatable {
        var width: Int?
        var height: Int?
        var durationSeconds: Double?
    }

    var slug: String
    /// A pinned version id, for community models: they run only by version on `POST /v1/predictions`.
    /// Official models have none and run on `POST /v1/models/{owner}/{name}/predictions`.
    var version: String?
    var output: Output = .file
    /// Fills the model's `input` object from a request.
    var input: @Sendable (inout ReplicateInput) throws(ProviderFailure) -> Void
    /// Width, height and duration known from the params.
    var shape: @Sendable (ReplicateInput) -> Shape = { _ in Shape() }
    /// Another upstream model a request's params route to (Kling's text-to-video model), else nil.
    var variant: @Sendable (MediaRequest) -> String? = { _ in nil }

    /// Every slug Replicate serves, by slug.
    static let all: [String: ReplicateModel] = Dictionary(
        uniqueKeysWithValues: (images + videos + audio + tools).map { ($0.slug, $0) })

    /// Seconds to wait before polling a job of this catalog category: tools finish in seconds, video in minutes.
    static func pollAfter(category: String) -> Double {
        switch category {
        case "video": 5
        case "music": 3
        case "image": 2
        default: 1
        }
    }
}

/// Builds a Replicate `input` object from a request's params, renaming them to the model's fields.
struct ReplicateInput {
    let request: MediaRequest
    private(set) var fields: [String: JSONValue] = [:]

    init(_ request: MediaRequest) { self.request = request }

    /// Sets `name`, unless `value` is nil.
    mutating func set(_ name: String, _ value: JSONValue?) {
        if let value { fields[name] = value }
    }

    /// Copies the param `param` (when present) to the field `name` (the param's own name by default).
    mutating func copy(_ param: String, as name: String? = nil) {
        set(name ?? param, request.params[param])
    }

    /// The prompt as the field `name`; a missing prompt is refused when the model needs one.
    mutating func prompt(as name: String = "prompt", required: Bool = true) throws(ProviderFailure) {
        let text = request.prompt.flatMap { $0.isEmpty ? nil : $0 }
        if text == nil, required { throw ProviderFailure(.rejected, "This model needs a prompt.") }
        set(name, text.map(JSONValue.string))
    }

    /// The input file `param` as the field `name`: its URL, or inline bytes as a data URL.
    mutating func file(_ param: String, as name: String, required: Bool = false) throws(ProviderFailure) {
        guard let value = Self.fileValue(request.inputs[param]) else {
            if required { throw ProviderFailure(.rejected, "This model needs the input \(param).") }
            return
        }
        fields[name] = .string(value)
    }

    /// The input file `param` as a one-element list in the field `name` (models that take several images).
    mutating func files(_ param: String, as name: String) {
        if let value = Self.fileValue(request.inputs[param]) { fields[name] = [.string(value)] }
    }

    /// The `format` param in the model's `output_format` spelling (`jpg`, not `jpeg`); `webp` becomes
    /// `png` for models that make only `jpg` and `png`.
    mutating func outputFormat(webp: Bool = true) {
        guard let format = string("format") else { return }
        switch format {
        case "jpeg", "jpg": fields["output_format"] = "jpg"
        case "webp" where !webp: fields["output_format"] = "png"
        default: fields["output_format"] = .string(format)
        }
    }

    /// The string param `name`, if set.
    func string(_ name: String) -> String? { request.params[name]?.stringValue }

    /// The integer param `name`, if set.
    func integer(_ name: String) -> Int? { request.params[name]?.intValue.map { Int($0) } }

    /// The `size` param (`1024x1536`) as width and height.
    var size: (width: Int, height: Int)? {
        guard let parts = string("size")?.split(separator: "x"), parts.count == 2,
            let width = Int(parts[0]), let height = Int(parts[1])
        else { return nil }
        return (width, height)
    }

    /// Replicate fetches URLs itself and takes small files inline as data URLs.
    private static func fileValue(_ input: MediaInput?) -> String? {
        switch input {
        case .url(let url): url
        case .data(let bytes, let contentType, _): "data:\(contentType);base64,\(Data(bytes).base64EncodedString())"
        case nil: nil
        }
    }
}
