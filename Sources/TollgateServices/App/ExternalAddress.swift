import Synchronization

/// Where other parties reach this instance, for links in mail: `public_url` when set; else the address the server
/// listens on, which with port 0 is known only once it is bound (`bound(_:)`). Never the request's Host header,
/// which a caller chooses.
public final class ExternalAddress: Sendable {
    private let configured: String?
    private let current: Mutex<String>

    public init(publicURL: String?, fallback: String) {
        configured = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        current = Mutex(configured ?? fallback)
    }

    /// The base URL, without a trailing slash.
    public var url: String { current.withLock { $0 } }

    /// Records the bound `host:port` when no `public_url` is configured.
    public func bound(_ hostPort: String) {
        guard configured == nil else { return }
        current.withLock { $0 = "http://" + hostPort }
    }
}
