import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import TollgateCore

/// Checks and fetches URLs that callers hand us (`image_url`, `audio_url`, `callback_url`): http(s) only,
/// and — unless the operator allows it — never a loopback, private, link-local, CGNAT, multicast or cloud
/// metadata address, checked on every address the host resolves to (SSRF protection). Redirects are not
/// followed, so a public URL cannot bounce the fetch inward.
public struct InputGuard: Sendable {
    let allowPrivate: Bool

    public init(allowPrivate: Bool) {
        self.allowPrivate = allowPrivate
    }

    /// 422 naming `field` unless `url` is an http(s) URL to a public address.
    public func check(_ url: String, field: String) async throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty, url.count <= 4096
        else { throw APIError.validation([field: "must be an http(s) URL"]) }
        if allowPrivate { return }
        let addresses = try await Self.resolve(host: host, port: components.port ?? (scheme == "https" ? 443 : 80))
        guard !addresses.isEmpty else { throw APIError.validation([field: "host does not resolve"]) }
        if addresses.contains(where: Self.isForbidden) {
            throw APIError.validation([field: "must point to a public address"])
        }
    }

    /// Fetches a checked URL: at most `maxBytes`, with a content type starting with one of `types`.
    public func fetch(_ url: String, field: String, maxBytes: Int, types: [String]) async throws -> (
        bytes: [UInt8], contentType: String
    ) {
        try await check(url, field: field)
        // Input fetches are rare: a client of their own (no redirects) per fetch, always shut down.
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { Task { try? await client.shutdown() } }
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

    static func resolve(host: String, port: Int) async throws -> [SocketAddress] {
        if let literal = try? SocketAddress(
            ipAddress: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port)
        {
            return [literal]
        }
        return try await NIOThreadPool.singleton.runIfActive {
            (try? SocketAddress.makeAddressResolvingHost(host, port: port)).map { [$0] } ?? []
        }
    }

    /// Whether an address is one an outside caller must never make us reach: in any range of
    /// `forbiddenNetworks` (an IPv4-mapped IPv6 address counts as its IPv4 address).
    static func isForbidden(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return true }  // a Unix socket
        return forbiddenNetworks.contains { $0.contains(ip) }
    }

    /// Loopback, private, link-local, shared, reserved, documentation, benchmark, multicast and broadcast ranges
    /// of both families, and the IPv6 forms that carry an IPv4 address a gateway would reach for us (IPv4-
    /// compatible, NAT64, 6to4, Teredo), refused whole (IANA's special-purpose address registries).
    static let forbiddenNetworks: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32",
        "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].compactMap(IPNetwork.init)
}
