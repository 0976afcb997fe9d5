import TollgateCore

/// Replicate's predictions API wire types (`POST /v1/models/{owner}/{name}/predictions`,
/// `POST /v1/predictions`, `GET /v1/predictions/{id}`).
enum ReplicateWire {
    /// A create-prediction body. `version` is set only for community models, which run by version id
    /// on `POST /v1/predictions`; official models take the model path and no version.
    struct CreateBody: Encodable {
        var version: String?
        var input: [String: JSONValue]
    }

    /// A prediction, as both the create and the get endpoints answer it.
    struct Prediction: Decodable {
        var id: String
        /// `starting`, `processing`, `succeeded`, `failed` or `canceled`.
        var status: String
        /// A URL string, a list of URL strings, or text; its shape depends on the model.
        var output: JSONValue?
        /// The failure text of a `failed` prediction (read, never shown).
        var error: JSONValue?
    }
}
