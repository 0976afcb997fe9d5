import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

extension GenerationService {
    /// Largest input file fetched for a provider that takes bytes.
    static let maxInputBytes = 25 << 20

    /// Checks every URL input and the `callback_url` of a request, on every model, before anything is held or
    /// counted (422 naming the field).
    func checkInputs(_ input: GenerationInput) async throws {
        try Self.checkContent(input)
        for spec in input.model.params where spec.type == .url {
            if let url = input.params[spec.name]?.stringValue {
                try await inputs.check(url, field: "params.\(spec.name)")
            }
        }
        if let callback = input.callbackURL { try await inputs.check(callback, field: "callback_url") }
    }

    /// What a model cannot work without, checked before anything is admitted (a 400 or 422, never a failed
    /// generation or a used rate-limit slot): a model that has no required input of its own (image, video,
    /// music generation, sound effects) takes a prompt; an image part of a chat message is an http(s) URL or a
    /// well-formed base64 image.
    static func checkContent(_ input: GenerationInput) throws {
        let model = input.model
        if ![.text, .tts, .stt].contains(model.category), !model.params.contains(where: \.required) {
            guard let prompt = input.prompt else {
                throw APIError.badRequest("Missing required field 'prompt' for model \(model.slug).")
            }
            if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw APIError.validation(["prompt": "must not be empty"])
            }
        }
        for (index, message) in input.messages.enumerated() {
            for part in message.parts {
                if case .imageURL(let url) = part, let problem = ContentPart.imageURLProblem(url) {
                    throw APIError.validation(["messages[\(index)].image_url": problem])
                }
            }
        }
    }

    /// The provider request for a stored generation: its params and prompt, with URL inputs passed on —
    /// or fetched (checked again) for a provider that takes the bytes (`MediaProvider.takesInputBytes`).
    func mediaRequest(
        _ generation: GenerationRecord, model: ModelEntry, provider: any MediaProvider,
        uploads: [String: MediaInput] = [:]
    ) async throws -> MediaRequest {
        let stored = JSONText.decode(generation.request)?.objectValue ?? [:]
        var params = stored["params"]?.objectValue ?? [:]
        // A value the upstream does not make is asked as one it does; `complete` converts the result.
        for spec in model.params where spec.upstreamValues != nil {
            if let value = params[spec.name] { params[spec.name] = spec.upstreamValue(for: value) }
        }
        var mediaInputs = uploads
        for spec in model.params where spec.type == .url {
            guard let url = params[spec.name]?.stringValue, mediaInputs[spec.name] == nil else { continue }
            if provider.takesInputBytes {
                let (bytes, contentType) = try await inputs.fetch(
                    url, field: "params.\(spec.name)", maxBytes: Self.maxInputBytes,
                    types: ["audio/", "video/", "image/", "application/octet-stream"])
                let name = URL(string: url)?.lastPathComponent ?? spec.name
                mediaInputs[spec.name] = .data(
                    bytes: bytes, contentType: contentType, filename: name.isEmpty ? spec.name : name)
            } else {
                mediaInputs[spec.name] = .url(url)
            }
        }
        return MediaRequest(
            slug: model.slug, model: model.upstreamModel, category: model.category.rawValue,
            prompt: stored["prompt"]?.stringValue, params: params, inputs: mediaInputs)
    }

    /// Runs a media generation to its end in the caller's task: the `MediaJob` steps in a loop, sleeping
    /// between polls, until it completes, fails or passes its deadline.
    func completeMedia(
        _ generation: GenerationRecord, model: ModelEntry, uploads: [String: MediaInput], logger: Logger
    ) async throws -> GenerationResult {
        var job = MediaJob(deadline: generation.deadlineAt, retriesTransient: false)
        while true {
            switch try await step(generation, model: model, uploads: uploads, job: &job, logger: logger) {
            case .wait(let seconds): try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            case .settled(let result): return result
            }
        }
    }

    /// What one step of a media generation came to.
    enum MediaStep: Sendable {
        /// Come back after this many seconds.
        case wait(Double)
        /// The generation is over and settled.
        case settled(GenerationResult)
    }

    /// Takes the next step of `job` — submit or poll, then keep the result — and settles the generation when
    /// it is over; shared by the job runner (one step per lease) and a request waiting for its result.
    func step(
        _ generation: GenerationRecord, model: ModelEntry, uploads: [String: MediaInput] = [:], job: inout MediaJob,
        logger: Logger
    ) async throws -> MediaStep {
        guard let provider = providers.mediaProvider(slug: model.slug) else {
            return .settled(
                try await fail(
                    generation, failure: StreamRelay.notConfigured, processingMs: elapsed(generation), logger: logger))
        }
        var outcome: MediaJob.Outcome
        do {
            switch job.next(now: clock.nowMilliseconds()) {
            case .submit:
                let request = try await mediaRequest(generation, model: model, provider: provider, uploads: uploads)
                outcome = job.submitted(try await provider.submit(request))
            case .poll(let upstreamID):
                let request = try await mediaRequest(generation, model: model, provider: provider)
                outcome = job.polled(try await provider.poll(upstreamID: upstreamID, request: request))
            case .fail(let failure):
                outcome = .fail(failure)
            }
            if case .complete(let result) = outcome {
                return .settled(try await complete(generation, model: model, result: result, provider: provider))
            }
        } catch let error as APIError {
            // An input that could not be fetched (the caller's fault) or a result that could not be converted to
            // the format asked: failed with that error, not billed.
            let outcome = GenerationOutcome(
                status: .failed, tokensSpent: 0, error: error.message, processingMs: elapsed(generation),
                completedAt: clock.nowMilliseconds())
            return .settled(try await finish(generation, outcome: outcome, failure: error))
        } catch {
            outcome = job.threw(ProviderTransport.failure(from: error))
        }
        switch outcome {
        case .wait(let seconds):
            return .wait(seconds)
        case .fail(let failure):
            return .settled(
                try await fail(generation, failure: failure, processingMs: elapsed(generation), logger: logger))
        case .complete:
            // Not reached: a completed outcome returned above, or its failure replaced it (`threw` never completes).
            return .wait(job.backoff(hint: nil))
        }
    }

    func elapsed(_ generation: GenerationRecord) -> Int64 { max(0, clock.nowMilliseconds() - generation.createdAt) }

    /// Re-hosts the result's files, then completes the generation (capturing its price — for models priced
    /// by their measured source, that price) in one transaction.
    func complete(_ generation: GenerationRecord, model: ModelEntry, result: MediaResult, provider: any MediaProvider)
        async throws -> GenerationResult
    {
        guard
            let account = try await store.read({ db in try await store.accounts.find(id: generation.accountID, on: db) }
            )
        else {
            throw APIError.internal()
        }
        /// Stores a result file, converted to `format` when given; answers its URL, what its headers say and its
        /// bytes.
        func keep(_ file: MediaFile?, as format: FrameGrabber.ImageFormat? = nil) async throws
            -> (url: String, facts: MediaFacts?, bytes: [UInt8])?
        {
            var bytes: [UInt8]
            var type: String
            switch file {
            case nil: return nil
            case .data(let data, let contentType)?:
                (bytes, type) = (data, contentType)
            case .url(let url, let contentType)?:
                let (data, fetchedType) = try await provider.download(url, maxBytes: FileService.maxBytes)
                (bytes, type) = (data, contentType ?? fetchedType ?? Self.guessContentType(url))
            }
            if let format, FrameGrabber.ImageFormat(contentType: type) != format {
                guard let converted = await frames?.image(bytes, as: format) else {
                    throw APIError.modelUnavailable(
                        "The image could not be converted to \(format.rawValue) on this server right now.")
                }
                (bytes, type) = (converted, format.contentType)
            }
            let url = try await files.keep(
                bytes: bytes, contentType: type, accountID: account.id, plan: account.plan, generationID: generation.id)
            return (url, MediaProbe.facts(of: bytes, contentType: type), bytes)
        }
        let params = JSONText.decode(generation.request)?.objectValue?["params"]?.objectValue ?? [:]
        let kept = try await keep(result.file, as: Self.convertedFormat(params, model: model))
        let thumbnailURL: String?
        if result.thumbnail != nil {
            thumbnailURL = try? await keep(result.thumbnail)?.url
        } else if model.category == .video {
            thumbnailURL = try? await keepThumbnail(
                generation, startFrame: params["image_url"]?.stringValue, video: kept?.bytes ?? [], account: account)
        } else {
            thumbnailURL = nil
        }
        let metadata = Self.resultMetadata(result, file: kept?.facts, category: model.category)
        var spent = generation.price
        if model.price.isMeasured, let seconds = result.sourceSeconds,
            let measured = model.price.price(forSourceSeconds: seconds)
        {
            spent = min(measured, generation.price)
        }
        let outcome = GenerationOutcome(
            status: .completed, tokensSpent: spent, resultText: result.text, resultURL: kept?.url,
            thumbnailURL: thumbnailURL,
            resultMetadata: metadata.isEmpty ? nil : JSONText.encode(.object(metadata)),
            seed: result.seed ?? params["seed"]?.intValue,
            processingMs: elapsed(generation), completedAt: clock.nowMilliseconds())
        return try await finish(generation, outcome: outcome, failure: nil)
    }

    /// The image format a result is converted to: the `format` asked, when the upstream was asked another
    /// (`ParamSpec.upstreamValue`, as `mediaRequest` asked it).
    static func convertedFormat(_ params: [String: JSONValue], model: ModelEntry) -> FrameGrabber.ImageFormat? {
        guard let asked = params["format"], let spec = model.param("format"), spec.upstreamValue(for: asked) != asked
        else { return nil }
        return asked.stringValue.flatMap(FrameGrabber.ImageFormat.init(rawValue:))
    }

    /// A video's thumbnail when its provider gives none: the start frame it was made from (`image_url`), fetched
    /// through the input guard again, as any caller-given URL; for a video made from text alone, its first frame
    /// (nil without ffmpeg).
    func keepThumbnail(_ generation: GenerationRecord, startFrame: String?, video: [UInt8], account: AccountRecord)
        async throws -> String?
    {
        let bytes: [UInt8]
        let contentType: String
        if let start = startFrame {
            (bytes, contentType) = try await inputs.fetch(
                start, field: "params.image_url", maxBytes: Self.maxInputBytes, types: ["image/"])
        } else if let frame = await frames?.firstFrame(of: video) {
            (bytes, contentType) = (frame, "image/jpeg")
        } else {
            return nil
        }
        return try await files.keep(
            bytes: bytes, contentType: contentType, accountID: account.id, plan: account.plan,
            generationID: generation.id)
    }

    /// `result_metadata` of a media result: what the stored file's headers say (`{width, height}` for an image,
    /// `{duration, width, height}` for a video, `{duration}` for audio), else what the provider reported.
    static func resultMetadata(_ result: MediaResult, file: MediaFacts?, category: ModelCategory) -> [String: JSONValue]
    {
        var metadata: [String: JSONValue] = [:]
        let pictured = ![.music, .tts, .stt, .audioTool].contains(category)
        if pictured, let width = file?.width ?? result.width { metadata["width"] = .int(Int64(width)) }
        if pictured, let height = file?.height ?? result.height { metadata["height"] = .int(Int64(height)) }
        if category != .image, category != .imageTool,
            let duration = file?.durationSeconds ?? result.durationSeconds
        {
            metadata["duration"] = .double(duration)
        }
        return metadata
    }

    static func guessContentType(_ url: String) -> String {
        let ext = URL(string: url)?.pathExtension.lowercased() ?? ""
        return [
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif",
            "mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime", "mp3": "audio/mpeg", "wav": "audio/wav",
            "ogg": "audio/ogg", "flac": "audio/flac",
        ][ext] ?? "application/octet-stream"
    }
}
