import TollgateCore

/// Luma's Dream Machine API wire types (`/dream-machine/v1/generations/…`).
enum LumaWire {
    /// `POST /generations/image`: Photon. `image_ref` guides the picture with reference images.
    struct ImageBody: Encodable, Equatable {
        var model: String
        var prompt: String
        var aspectRatio: String?
        /// `jpg` (Luma's default) or `png`.
        var format: String?
        var imageRef: [ImageRef]?

        enum CodingKeys: String, CodingKey {
            case model, prompt, format
            case aspectRatio = "aspect_ratio"
            case imageRef = "image_ref"
        }
    }

    /// One reference image; Luma weighs it 0.85 unless told otherwise.
    struct ImageRef: Encodable, Equatable {
        var url: String
    }

    /// `POST /generations/video`: Ray. `resolution` is `540p`/`720p`/`1080p`, `duration` `5s`/`9s`.
    struct VideoBody: Encodable, Equatable {
        var model: String
        var prompt: String?
        var aspectRatio: String?
        var resolution: String?
        var duration: String?
        var loop: Bool?
        var keyframes: Keyframes?

        enum CodingKeys: String, CodingKey {
            case model, prompt, resolution, duration, loop, keyframes
            case aspectRatio = "aspect_ratio"
        }
    }

    /// `keyframes`: `frame0` is the start frame.
    struct Keyframes: Encodable, Equatable {
        var frame0: Keyframe
    }

    /// An image keyframe: `{"type": "image", "url": …}`.
    struct Keyframe: Encodable, Equatable {
        var type = "image"
        var url: String
    }

    /// A generation, as create and `GET /generations/{id}` answer it.
    struct Generation: Decodable {
        var id: String
        /// `queued`, `dreaming`, `completed` or `failed`.
        var state: String
        var failureReason: String?
        var assets: Assets?

        enum CodingKeys: String, CodingKey {
            case id, state, assets
            case failureReason = "failure_reason"
        }
    }

    /// A generation's files: `image` for Photon, `video` for Ray.
    struct Assets: Decodable {
        var image: String?
        var video: String?
    }

    /// An error answer: `{"detail": "…"}` (a list of field errors on validation failures). Read for
    /// classification only, never shown.
    struct ErrorBody: Decodable {
        var detail: JSONValue?
    }
}
