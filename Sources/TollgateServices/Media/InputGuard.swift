import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import TollgateCore

/// Checks and fetches URLs that callers hand us (`image_url`, `audio_url`, `callback_url`): http(s) only,
/// and — unless the operator allows it — never a loopback, private, link-local, CGNAT, multicast or cloud
/// metadata address, checked on every address the host resolves to (SSRF protection). The request then
/// connects to the address that was checked, never to a second lookup's answer (a name that answers
/// differently the second time — DNS rebinding — cannot steer it inward), and follows no redirect.
public struct InputGuard: Sendable {
    /// A URL that passed the check, with the address it was checked against (nil when private addresses are
    /// allowed, or the host is an address itself).
    public struct CheckedURL: Sendable {
        public let url: String
        let host: String
        let address: String?
    }

    /// Looks a host up: every address it has.
    public typealias Resolver = @Sendable (_ host: String, _ port: Int) async throws -> [SocketAddress]

    let allowPrivate: Bool
    let resolver: Resolver
    let forbidden: [IPNetwork]

    /// `resolver` and `forbidden` are the system's lookup and `forbiddenNetworks` but in tests.
    public init(
        allowPrivate: Bool, resolver: @escaping Resolver = InputGuard.resolve,
        forbidden: [IPNetwork] = InputGuard.forbiddenNetworks
    ) {
        self.allowPrivate = allowPrivate
        self.resolver = resolver
        self.forbidden = forbidden
    }

    /// 422 naming `field` unless `url` is an http(s) URL whose host resolves only to public addresses.
    @discardableResult
    public func check(_ url: String, field: String) async throws -> CheckedURL {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty, url.count <= 4096
        else { throw APIError.validation([field: "must be an http(s) URL"]) }
        if allowPrivate { return CheckedURL(url: url, host: host, address: nil) }
        let addresses = try await resolver(host, components.port ?? (scheme == "https" ? 443 : 80))
        guard let first = addresses.first?.ipAddress else {
            throw APIError.validation([field: "host does not resolve"])
        }
        if addresses.contains(where: { Self.isForbidden($0, in: forbidden) }) {
            throw APIError.validation([field: "must point to a public address"])
        }
        let literal = (try? SocketAddress(ipAddress: Self.unbracketed(host), port: 0)) != nil
        return CheckedURL(url: url, host: host, address: literal ? nil : first)
    }

    /// Runs `body` with a client that reaches `checked`'s host only at the address it was checked against and
    /// follows no redirect (a redirect's target was never checked); the client is shut down afterwards.
    public func withClient<T: Sendable>(
        for checked: CheckedURL, connectTimeout: TimeAmount = .seconds(10), readTimeout: TimeAmount = .seconds(60),
        _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: connectTimeout, read: readTimeout)
        if let address = checked.address { configuration.dnsOverride = [checked.host: address] }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try? await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Fetches a checked URL: at most `maxBytes`, with a content type starting with one of `types`.
    public func fetch(_ url: String, field: String, maxBytes: Int, types: [String]) async throws -> (
        bytes: [UInt8], contentType: String
    ) {
        let checked = try await check(url, field: field)
        return try await withClient(for: checked) { client in
            try await Self.read(url, field: field, maxBytes: maxBytes, types: types, client: client)
        }
    }

    static func read(_ url: String, field: String, maxBytes: Int, types: [String], client: HTTPClient) async throws
        -> (bytes: [UInt8], contentType: String)
    {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        } catch {
            throw APIError.validation([field: "could not be fetched"])
        }
        guard response.status.code == 200 else {
            throw APIError.validation([field: "answered HTTP \(response.status.code)"])
        }
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? "application/octet-stream"
        guard types.contains(where: { contentType.hasPrefix($0) }) else {
            throw APIError.validation([
                field: "has content type \(contentType); expected \(types.joined(separator: ", "))"
            ])
        }
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maxBytes {
            throw APIError.validation([field: "is larger than \(maxBytes) bytes"])
        }
        do {
            let body = try await response.body.collect(upTo: maxBytes)
            return (Array(buffer: body), contentType)
        } catch {
            throw APIError.validation([field: "is larger than \(maxBytes) bytes"])
        }
    }

    /// Every address `host` resolves to (the host itself when it is an address).
    @Sendable public static func resolve(host: String, port: Int) async throws -> [SocketAddress] {
        if let literal = try? SocketAddress(ipAddress: unbracketed(host), port: port) { return [literal] }
        return try await NIOThreadPool.singleton.runIfActive { lookUp(host: host, port: port) }
    }

    /// `getaddrinfo`'s whole answer (NIO's resolver keeps only the first address).
    static func lookUp(host: String, port: Int) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let list else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let current = entry {
            if let pointer = current.pointee.ai_addr {
                switch Int32(pointer.pointee.sa_family) {
                case AF_INET:
                    addresses.append(
                        pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                            SocketAddress($0.pointee, host: host)
                        })
                case AF_INET6:
                    addresses.append(
                        pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                            SocketAddress($0.pointee, host: host)
                        })
                default: break
                }
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }

    static func unbracketed(_ host: String) -> String { host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }

    /// Whether an address is one an outside caller must never make us reach: in any range of
    /// `forbiddenNetworks` (an IPv4-mapped IPv6 address counts as its IPv4 address).
    static func isForbidden(_ address: SocketAddress, in networks: [IPNetwork] = forbiddenNetworks) -> Bool {
        guard let ip = address.ipAddress else { return true }  // a Unix socket
        return networks.contains { $0.contains(ip) }
    }

    /// Loopback, private, link-local, shared, reserved, documentation, benchmark, multicast and broadcast ranges
    /// of both families, and the IPv6 forms that carry an IPv4 address a gateway would reach for us (IPv4-
    /// compatible, NAT64, 6to4, Teredo), refused whole (IANA's special-purpose address registries).
    public static let forbiddenNetworks: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32",
        "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].compactMap(IPNetwork.init)
}
