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

    /// Whether an address is one an outside caller must never make us reach.
    static func isForbidden(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4):
            let raw = UInt32(bigEndian: v4.address.sin_addr.s_addr)
            let a = raw >> 24, b = (raw >> 16) & 0xFF
            return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b))
                || (a == 192 && b == 168) || (a == 100 && (64...127).contains(b)) || a >= 224
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            let loopback = bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1
            let unspecified = bytes.allSatisfy { $0 == 0 }
            let uniqueLocal = bytes[0] & 0xFE == 0xFC
            let linkLocal = bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
            let multicast = bytes[0] == 0xFF
            let mappedV4 = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
            if mappedV4,
                let v4 = try? SocketAddress(ipAddress: "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])", port: 0)
            {
                return isForbidden(v4)
            }
            return loopback || unspecified || uniqueLocal || linkLocal || multicast
        case .unixDomainSocket:
            return true
        }
    }
}
