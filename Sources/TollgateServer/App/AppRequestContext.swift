import Hummingbird
import NIOCore
import TollgateCore
import TollgateServices

/// The per-request context: Hummingbird's core storage, the caller once authenticated, and the body limit
/// set from configuration by the first middleware.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// The signed-in browser of a dashboard page, if any.
    public var web: WebSignedIn?
    /// Before sign-in, the token a page's forms echo back (kept in a cookie).
    public var formToken: String?
    /// The language a page answers in (`en` or `ru`).
    public var language = "en"
    public var maxUploadSize: Int = 1 << 20
    public let remoteAddress: SocketAddress?
    /// The connection the request came on.
    public let channel: any Channel
    /// The loop of the connection the request came on.
    public var eventLoop: any EventLoop { channel.eventLoop }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }

    /// The authenticated caller; throws 401 if the route was reached without one.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.notAuthenticated() }
        return principal
    }
}
