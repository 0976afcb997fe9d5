import Hummingbird
import TollgateServices

/// The absolute base of the URLs an answer links to (result files, thumbnails): the configured
/// `public_url`, else the scheme-less `Host` the request came to, over http. Every surface resolves it here.
struct PublicBaseURL: Sendable {
    /// The configured `public_url`, if any.
    let configured: String?

    func resolve(_ request: Request) -> String {
        configured ?? "http://" + (request.head.authority ?? "localhost")
    }
}
