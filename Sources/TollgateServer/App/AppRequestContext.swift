import Hummingbird
import NIOCore
import TollgateCore

/// Who is calling: resolved from an API key, or from a JWT access token (then `keyID` is nil and the
/// plan's `api_access` does not apply).
public struct Principal: Sendable, Equatable {
    public var accountID: Int64
    public var keyID: Int64?
    public var plan: String
}

/// The per-request context: Hummingbird's core storage, the caller once authenticated, and the body limit
/// set from configuration by the first middleware.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var maxUploadSize: Int = 1 << 20
    public let remoteAddress: SocketAddress?
    /// The loop of the connection the request came on.
    public let eventLoop: any EventLoop

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        eventLoop = source.channel.eventLoop
    }

    /// The authenticated caller; throws 401 if the route was reached without one.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.notAuthenticated() }
        return principal
    }
}
